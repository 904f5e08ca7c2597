using System.Globalization;
using CsvHelper;

namespace Nmo.Core.Attendance;

/// <summary>The rows of a CSV after its header.</summary>
internal sealed class CsvRowSource(CsvReader csv, LimitedStream limited, AttendanceRules rules) : IRowSource
{
    public int Line => (int)csv.LineNumber;

    public int FieldCount => csv.FieldCount;

    public bool Read(List<FileIssue> problems, int rowsRead)
    {
        try
        {
            return csv.Read();
        }
        catch (Exception) when (limited.Exceeded)
        {
            problems.Add(AttendanceReader.TooLarge(rules));
        }
        catch (CsvFormatException)
        {
            // An unclosed quote or a runaway record: the rest of the file cannot be split into rows.
            problems.Add(new FileIssue(IssueCodes.FileRecordTooLarge, [(rowsRead > 0 ? Line : 1).ToString(CultureInfo.InvariantCulture)]));
        }

        return false;
    }

    public string Get(int index) => csv.GetString(index);

    public bool HasUtf8 => true;

    public ReadOnlySpan<byte> Utf8(int index) => csv.GetSpan(index);

    public bool IsBlank(int index)
    {
        foreach (var b in csv.GetSpan(index))
        {
            if (b is not ((byte)' ' or (byte)'\t' or (byte)'\r' or (byte)'\n'))
            {
                return false;
            }
        }

        return true;
    }

    public void Dispose() => csv.Dispose();
}
