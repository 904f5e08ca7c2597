using System.Text;

namespace Nmo.Core.Attendance;

/// <summary>
/// Finds the header instead of assuming it is the first line: attendance lists usually carry a title, a date and
/// an empty line above it. Of the first <see cref="MaxLines"/> non-empty lines the one naming the most known
/// columns wins (the earliest on a tie); everything above it is skipped.
/// </summary>
internal static class HeaderSearch
{
    public const int MaxLines = 20;

    /// <summary>How many of the first lines a "no header" report quotes, and how much of each.</summary>
    private const int QuotedLines = 3;
    private const int QuotedLength = 80;

    /// <summary>Known columns named in <paramref name="cells"/>, each counted once.</summary>
    public static int Score(IEnumerable<string> cells)
    {
        var seen = new HashSet<AttendanceColumn>();
        foreach (var cell in cells)
        {
            if (AttendanceColumns.Recognize(AttendanceRow.Clean(cell).Trim('"')) is { } column)
            {
                seen.Add(column);
            }
        }

        return seen.Count;
    }

    /// <summary>The best header among <paramref name="lines"/> (in file order), or <c>null</c> when none names a known column.</summary>
    public static HeaderMatch? Best(IEnumerable<(int Line, IReadOnlyList<string> Cells)> lines)
    {
        HeaderMatch? best = null;
        var index = 0;
        foreach (var (line, cells) in lines)
        {
            var score = Score(cells);
            if (score > 0 && (best is null || score > best.Score))
            {
                best = new HeaderMatch(line, string.Empty, score, SkippedContent: index > 0);
            }

            index++;
        }

        return best;
    }

    /// <summary>
    /// The header of a CSV, looked for in the decoded start of the file under each delimiter: the title above it
    /// may hold commas of its own, so the first line cannot decide the delimiter.
    /// </summary>
    public static HeaderMatch? InText(string text, bool wholeFile, bool separatorHint, string hintedDelimiter)
    {
        var records = Records(text, wholeFile);
        if (separatorHint && records.Count > 0)
        {
            // Excel's "sep=;" line is an instruction, not a title.
            records.RemoveAt(0);
        }

        char[] delimiters = separatorHint ? [hintedDelimiter[0]] : [';', ',', '\t'];
        HeaderMatch? best = null;
        for (var i = 0; i < records.Count; i++)
        {
            foreach (var delimiter in delimiters)
            {
                var score = Score(Split(records[i].Text, delimiter));
                if (score > 0 && (best is null || score > best.Score))
                {
                    best = new HeaderMatch(records[i].Line, delimiter.ToString(), score, SkippedContent: i > 0);
                }
            }
        }

        return best;
    }

    /// <summary>The line of a quote that opens in <paramref name="text"/> and never closes, if any.</summary>
    public static int? UnclosedQuoteLine(string text)
    {
        var line = 1;
        int? opened = null;
        for (var i = 0; i < text.Length; i++)
        {
            switch (text[i])
            {
                case '"':
                    opened = opened is null ? line : null;
                    break;
                case '\r' when i + 1 < text.Length && text[i + 1] == '\n':
                    break;
                case '\r' or '\n':
                    line++;
                    break;
            }
        }

        return opened;
    }

    /// <summary>The first lines with something in them, as a "no header" report quotes them.</summary>
    public static IReadOnlyList<string> FirstLines(string text, bool wholeFile) =>
        [.. Records(text, wholeFile).Take(QuotedLines).Select(r => Quote(r.Text))];

    public static string Quote(string line)
    {
        var clean = AttendanceRow.Clean(line);
        return clean.Length <= QuotedLength ? clean : clean[..QuotedLength] + "…";
    }

    /// <summary>
    /// The first <see cref="MaxLines"/> records that are not blank, each with the physical line it starts on
    /// (CR, LF and CRLF each end one line, as the CSV reader counts them). A quoted value may span lines.
    /// The last record of a cut sample is left out: it may be incomplete.
    /// </summary>
    internal static List<(int Line, string Text)> Records(string text, bool wholeFile)
    {
        var records = new List<(int Line, string Text)>();
        var line = 1;
        var start = 0;
        var startLine = 1;
        var quoted = false;
        for (var i = 0; i < text.Length && records.Count < MaxLines; i++)
        {
            var c = text[i];
            if (c == '"')
            {
                quoted = !quoted;
                continue;
            }

            if (c is not ('\r' or '\n'))
            {
                continue;
            }

            if (c == '\r' && i + 1 < text.Length && text[i + 1] == '\n')
            {
                i++;
            }

            line++;
            if (!quoted)
            {
                Add(records, startLine, text[start..(c == '\r' && text[i] == '\n' ? i - 1 : i)]);
                start = i + 1;
                startLine = line;
            }
        }

        if (wholeFile && records.Count < MaxLines && start < text.Length)
        {
            Add(records, startLine, text[start..]);
        }

        return records;
    }

    private static void Add(List<(int Line, string Text)> records, int line, string record)
    {
        if (!string.IsNullOrWhiteSpace(record.Replace("\uFEFF", string.Empty, StringComparison.Ordinal)))
        {
            records.Add((line, record));
        }
    }

    /// <summary>Splits one record at <paramref name="delimiter"/> outside quotes, and unquotes the values.</summary>
    internal static List<string> Split(string record, char delimiter)
    {
        var cells = new List<string>();
        var cell = new StringBuilder();
        var quoted = false;
        for (var i = 0; i < record.Length; i++)
        {
            var c = record[i];
            if (c == '"')
            {
                if (quoted && i + 1 < record.Length && record[i + 1] == '"')
                {
                    cell.Append('"');
                    i++;
                }
                else
                {
                    quoted = !quoted;
                }
            }
            else if (c == delimiter && !quoted)
            {
                cells.Add(cell.ToString());
                cell.Clear();
            }
            else
            {
                cell.Append(c);
            }
        }

        cells.Add(cell.ToString());
        return cells;
    }
}
