using System.Globalization;
using CsvHelper;

namespace Nmo.Core.Attendance;

/// <summary>
/// The rows of a CSV after its header. Its cells are also UTF-8 bytes in the reader's buffer, which
/// <see cref="PlainRow"/> reads without making strings (a sheet's cells are typed values that only
/// <see cref="Get"/> turns into the text checked).
/// </summary>
internal sealed class CsvRowSource(CsvReader csv, LimitedStream limited, AttendanceRules rules, byte delimiter) : IRowSource
{
    public int Line => (int)csv.LineNumber;

    public int FieldCount => csv.FieldCount;

    public bool Read(List<FileIssue> problems)
    {
        try
        {
            return csv.Read();
        }
        catch (Exception) when (limited.Exceeded)
        {
            problems.Add(AttendanceReader.TooLarge(rules));
        }
        catch (CsvFormatException e)
        {
            // An unclosed quote or a runaway record: the rest of the file cannot be split into rows, from the line the
            // record starts on (the reader's own line is still the last record it read).
            var from = e.LineNumber > 0 ? e.LineNumber : Line + 1;
            problems.Add(new FileIssue(IssueCodes.FileRecordTooLarge, [from.ToString(CultureInfo.InvariantCulture)]));
        }

        return false;
    }

    public string Get(int index) => csv.GetString(index);

    /// <summary>Whether the current record's cells are clean as they stand (<see cref="PlainRow.IsCleanRecord"/>).</summary>
    public bool CleanRecord => PlainRow.IsCleanRecord(csv.RawRecord, delimiter);

    /// <summary>The cell as the UTF-8 bytes <see cref="Get"/> decodes, valid until the next <see cref="Read"/>.</summary>
    public ReadOnlySpan<byte> Utf8(int index) => csv.GetSpan(index);

    /// <summary>
    /// The cell's bytes as the file has them. They are <see cref="Utf8"/> when the record is clean and the cell has no
    /// space at an edge: there is no quote to take off and nothing to trim, so the reader's decoding can be skipped.
    /// </summary>
    public ReadOnlySpan<byte> RawUtf8(int index) => csv.GetRawSpan(index);

    public bool IsBlank(int index)
    {
        // Decoding only trims spaces and tabs and takes off quotes, and an unquoted cell holds no line break: a raw
        // cell that is empty, or starts with anything else, is decided as it stands. That is nearly every cell.
        var raw = csv.GetRawSpan(index);
        if (raw.IsEmpty || raw[0] is not ((byte)' ' or (byte)'\t' or (byte)'\r' or (byte)'\n' or (byte)'"'))
        {
            return raw.IsEmpty;
        }

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
