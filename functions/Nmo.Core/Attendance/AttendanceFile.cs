using System.Globalization;
using System.IO.Hashing;
using System.Runtime.InteropServices;
using System.Text;

namespace Nmo.Core.Attendance;

/// <summary>
/// An opened attendance file: its encoding, delimiter and header are known; the rows are read on demand, once.
/// Check <see cref="Problems"/> before and again after enumerating <see cref="Rows"/>: "no data rows", "too large"
/// and broken quoting are only known at the end, and a file with problems must be refused as a whole.
/// </summary>
public sealed class AttendanceFile : IDisposable
{
    private readonly IRowSource? source;
    private readonly ColumnLayout? layout;
    private readonly AttendanceRules rules;
    private readonly List<FileIssue> problems;
    private readonly List<FileIssue> warnings;
    private readonly List<int> unterminated;
    private readonly int expectedRows;
    private bool enumerated;
    private (int Count, int FirstLine) mailto;
    private (int Count, int FirstLine) angleBrackets;

    internal AttendanceFile(
        string encodingName,
        string delimiter,
        IRowSource? source,
        ColumnLayout? layout,
        AttendanceRules rules,
        List<FileIssue> problems,
        List<FileIssue> warnings,
        List<int>? unterminated = null,
        int expectedRows = 0)
    {
        this.expectedRows = expectedRows;
        this.unterminated = unterminated ?? [];
        EncodingName = encodingName;
        Delimiter = delimiter;
        this.source = source;
        this.layout = layout;
        this.rules = rules;
        this.problems = problems;
        this.warnings = warnings;
    }

    /// <summary>"UTF-8", "UTF-8 BOM", "UTF-16LE BOM", "UTF-16BE BOM", "Windows-1251" (or "binary" for a refused file).</summary>
    public string EncodingName { get; }

    /// <summary>";", "," or "\t".</summary>
    public string Delimiter { get; }

    /// <summary>Reasons to refuse the file, all of them. Grows while <see cref="Rows"/> is enumerated.</summary>
    public IReadOnlyList<FileIssue> Problems => problems;

    public IReadOnlyList<FileIssue> Warnings => warnings;

    /// <summary>Data rows read so far (blank lines not counted).</summary>
    public int RowsRead { get; private set; }

    /// <summary>
    /// The data rows, each accepted or with its issue, in file order; a later row with the e-mail of an accepted
    /// earlier one is a <see cref="RowIssueKind.Duplicate"/>. Streams: one pass, nothing kept per row but a
    /// 16-byte hash of each accepted e-mail. Yields nothing when the header already has problems.
    /// </summary>
    /// <param name="attendeesFrom">
    /// The first data row (1-based) whose accepted <see cref="RowResult.Attendee"/> the caller uses. Accepted rows
    /// before it are yielded as <see cref="RowResult.Counted"/>, checked just the same but without an attendee built
    /// for them: a caller that only counts (a validation, the rows before a checkpoint) says so and saves the work.
    /// </param>
    public IEnumerable<RowResult> Rows(int attendeesFrom = 1)
    {
        if (enumerated)
        {
            throw new InvalidOperationException("The rows of an attendance file can be read once: the file is streamed.");
        }

        enumerated = true;
        return Enumerate(attendeesFrom);
    }

    public void Dispose() => source?.Dispose();

    private IEnumerable<RowResult> Enumerate(int attendeesFrom)
    {
        if (source is null || layout is null || problems.Count > 0)
        {
            yield break;
        }

        using var firstLines = new FirstLines(expectedRows);
        var values = new string[ColumnLayout.Columns];
        var key = new char[AttendanceRow.MaxFieldLength];
        while (source.Read(problems))
        {
            if (IsBlankRecord(source))
            {
                continue;
            }

            RowsRead++;
            var line = source.Line;
            UInt128 hash;
            RowResult result;
            if (RowsRead < attendeesFrom && source is CsvRowSource csv && Fits() && PlainRow.TryAccept(csv, layout, rules, key, out var keyLength))
            {
                result = RowResult.Counted;
                hash = Hash(key.AsSpan(0, keyLength));
            }
            else
            {
                result = ReadRow(line, values);
                hash = result.Attendee is { } attendee ? Hash(attendee.EmailKey) : default;
            }

            if (result.Accepted)
            {
                if (!firstLines.TryAdd(hash, line, out var first))
                {
                    result = new RowResult(null, new RowIssue(line, layout.HeaderOf(AttendanceColumn.Email), RowIssueKind.Duplicate, IssueCodes.RowDuplicate, [first.ToString(CultureInfo.InvariantCulture)]));
                }
            }

            yield return result;
        }

        if (unterminated.Count > 0)
        {
            problems.Add(new FileIssue(IssueCodes.FileUnterminatedQuote, [unterminated[0].ToString(CultureInfo.InvariantCulture)]));
        }

        if (RowsRead == 0 && problems.Count == 0)
        {
            problems.Add(new FileIssue(IssueCodes.FileNoRows, []));
        }

        AddFixWarning(IssueCodes.EmailMailtoRemoved, mailto);
        AddFixWarning(IssueCodes.EmailNameRemoved, angleBrackets);
    }

    /// <summary>Counts what was taken off the e-mail cells; one warning per kind names how many and the first line.</summary>
    private void Note(EmailFix fix, int line)
    {
        if (fix.HasFlag(EmailFix.Mailto))
        {
            mailto = (mailto.Count + 1, mailto.Count == 0 ? line : mailto.FirstLine);
        }

        if (fix.HasFlag(EmailFix.AngleBrackets))
        {
            angleBrackets = (angleBrackets.Count + 1, angleBrackets.Count == 0 ? line : angleBrackets.FirstLine);
        }
    }

    private void AddFixWarning(string code, (int Count, int FirstLine) fixes)
    {
        if (fixes.Count > 0)
        {
            warnings.Add(new FileIssue(code, [fixes.Count.ToString(CultureInfo.InvariantCulture), fixes.FirstLine.ToString(CultureInfo.InvariantCulture)]));
        }
    }

    private RowResult ReadRow(int line, string[] values)
    {
        var effective = EffectiveFields();
        var headerCount = layout!.HeaderCount;
        if (effective <= headerCount)
        {
            Fill(values);
            var email = (int)AttendanceColumn.Email;
            values[email] = EmailCleanup.Clean(values[email], out var fix);
            Note(fix, line);
            return AttendanceRow.Validate(line, values, layout, rules);
        }

        // More values than columns: a value holding the delimiter without quotes, so every later cell may be
        // shifted. Guessing which cell moved could send a certificate to the wrong address; the row is rejected.
        return new RowResult(null, new RowIssue(
            line,
            string.Empty,
            RowIssueKind.Invalid,
            IssueCodes.RowColumns,
            [headerCount.ToString(CultureInfo.InvariantCulture), effective.ToString(CultureInfo.InvariantCulture), Delimiter == "\t" ? "TAB" : Delimiter]));
    }

    /// <summary>Whether the row has no more values than the header has columns, as <see cref="ReadRow"/> accepts.</summary>
    private bool Fits() => EffectiveFields() <= layout!.HeaderCount;

    /// <summary>The row's values without the empty cells Excel pads rows with after the last column (harmless).</summary>
    private int EffectiveFields()
    {
        var effective = source!.FieldCount;
        while (effective > layout!.HeaderCount && source.IsBlank(effective - 1))
        {
            effective--;
        }

        return effective;
    }

    private void Fill(string[] values)
    {
        for (var c = 0; c < values.Length; c++)
        {
            var index = layout!.Index[c];
            if (index < 0)
            {
                values[c] = string.Empty;
                continue;
            }

            values[c] = index < source!.FieldCount ? AttendanceRow.Clean(source.Get(index)) : string.Empty;
        }
    }

    private static bool IsBlankRecord(IRowSource source)
    {
        for (var i = 0; i < source.FieldCount; i++)
        {
            if (!source.IsBlank(i))
            {
                return false;
            }
        }

        return true;
    }

    /// <summary>
    /// A 128-bit non-cryptographic hash of the key's UTF-16 code units: duplicates are looked for inside one file,
    /// where no one gains by forging a collision (~2^-128 per pair by chance), so a cryptographic hash only costs
    /// time; hashing the chars as they are needs no encoded copy of the key.
    /// </summary>
    private static UInt128 Hash(ReadOnlySpan<char> key) => XxHash128.HashToUInt128(MemoryMarshal.AsBytes(key));
}
