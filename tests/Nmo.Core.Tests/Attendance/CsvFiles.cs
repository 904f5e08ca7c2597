using System.Text;
using Nmo.Core.Attendance;

namespace Nmo.Core.Tests.Attendance;

/// <summary>Builds test files the way spreadsheets write them, and reads them back through the real reader.</summary>
internal static class CsvFiles
{
    static CsvFiles() => Encoding.RegisterProvider(CodePagesEncodingProvider.Instance);

    public static Encoding Utf8 { get; } = new UTF8Encoding(false);

    public static Encoding Windows1251 => Encoding.GetEncoding(1251);

    public static byte[] Utf8Bytes(string text) => Utf8.GetBytes(text);

    public static byte[] Utf8BomBytes(string text) => [0xEF, 0xBB, 0xBF, .. Utf8.GetBytes(text)];

    public static byte[] Utf16LeBomBytes(string text) => [0xFF, 0xFE, .. new UnicodeEncoding(false, false).GetBytes(text)];

    public static byte[] Utf16BeBomBytes(string text) => [0xFE, 0xFF, .. new UnicodeEncoding(true, false).GetBytes(text)];

    public static byte[] Windows1251Bytes(string text) => Windows1251.GetBytes(text);

    /// <summary>Lines joined with CRLF (Excel, Windows) and ending with one.</summary>
    public static string Crlf(params string[] lines) => string.Join("\r\n", lines) + "\r\n";

    /// <summary>Lines joined with LF (LibreOffice on Linux, Google Sheets).</summary>
    public static string Lf(params string[] lines) => string.Join("\n", lines) + "\n";

    /// <summary>A sample file shipped with <c>nmo</c> (tools/Nmo.Cli/Samples, linked into the test output): one copy for both.</summary>
    public static byte[] Sample(string name) =>
        File.ReadAllBytes(Path.Combine(AppContext.BaseDirectory, "Samples", name));

    public static ValidationReport Validate(byte[] bytes, AttendanceRules? rules = null) =>
        AttendanceValidator.Validate(new MemoryStream(bytes), rules ?? new AttendanceRules());

    public static ValidationReport Validate(string utf8Text, AttendanceRules? rules = null) => Validate(Utf8Bytes(utf8Text), rules);

    /// <summary>Opens the file and reads all rows; the file's lists are complete afterwards.</summary>
    public static (AttendanceFile File, List<RowResult> Rows) Read(byte[] bytes, AttendanceRules? rules = null)
    {
        var file = AttendanceReader.Open(new MemoryStream(bytes), rules ?? new AttendanceRules());
        var rows = file.Rows().ToList();
        return (file, rows);
    }

    public static (AttendanceFile File, List<RowResult> Rows) Read(string utf8Text, AttendanceRules? rules = null) => Read(Utf8Bytes(utf8Text), rules);

    public static Attendee Single(string utf8Text, AttendanceRules? rules = null)
    {
        var (file, rows) = Read(utf8Text, rules);
        Assert.Empty(file.Problems);
        var row = Assert.Single(rows);
        Assert.Null(row.Issue);
        return row.Attendee!;
    }

    public static RowIssue SingleIssue(string utf8Text, AttendanceRules? rules = null)
    {
        var (file, rows) = Read(utf8Text, rules);
        Assert.Empty(file.Problems);
        var row = Assert.Single(rows);
        Assert.Null(row.Attendee);
        return row.Issue!;
    }
}

/// <summary>A source that makes CSV rows on the fly, so a huge upload can be read without ever existing in memory.</summary>
internal sealed class GeneratedCsvStream(string header, int rows, Func<int, string> row) : Stream
{
    private readonly byte[] headerBytes = Encoding.UTF8.GetBytes(header + "\r\n");
    private byte[] pending = [];
    private int pendingOffset;
    private int next = -1;

    public long Produced { get; private set; }

    public override bool CanRead => true;

    public override bool CanSeek => false;

    public override bool CanWrite => false;

    public override long Length => throw new NotSupportedException();

    public override long Position
    {
        get => throw new NotSupportedException();
        set => throw new NotSupportedException();
    }

    public override int Read(byte[] buffer, int offset, int count) => Read(buffer.AsSpan(offset, count));

    public override int Read(Span<byte> buffer)
    {
        var written = 0;
        while (written < buffer.Length)
        {
            if (pendingOffset == pending.Length)
            {
                if (next == rows)
                {
                    break;
                }

                pending = next < 0 ? headerBytes : Encoding.UTF8.GetBytes(row(next) + "\r\n");
                pendingOffset = 0;
                next++;
            }

            var n = Math.Min(buffer.Length - written, pending.Length - pendingOffset);
            pending.AsSpan(pendingOffset, n).CopyTo(buffer[written..]);
            pendingOffset += n;
            written += n;
        }

        Produced += written;
        return written;
    }

    public override void Flush()
    {
    }

    public override long Seek(long offset, SeekOrigin origin) => throw new NotSupportedException();

    public override void SetLength(long value) => throw new NotSupportedException();

    public override void Write(byte[] buffer, int offset, int count) => throw new NotSupportedException();
}
