using System.Globalization;
using ExcelDataReader;

namespace Nmo.Core.Attendance;

/// <summary>
/// Opens an .xlsx or .xls as it was uploaded: the first sheet with a recognisable header is the list. The workbook is
/// spooled to a temporary file (readers need to seek; nothing is held in memory), and a zip that expands far past
/// its size is refused before it is unpacked.
/// </summary>
internal static class WorkbookReader
{
    public static AttendanceFile Open(byte[] sample, int length, LimitedStream rest, AttendanceRules rules, List<FileIssue> problems, List<FileIssue> warnings)
    {
        var xlsx = sample.AsSpan(0, length).StartsWith("PK\u0003\u0004"u8);
        var format = xlsx ? "xlsx" : "xls";
        var file = new FileStream(Path.GetTempFileName(), FileMode.Create, FileAccess.ReadWrite, FileShare.None, 81920, FileOptions.DeleteOnClose);
        IExcelDataReader? reader = null;
        try
        {
            file.Write(sample, 0, length);
            try
            {
                rest.CopyTo(file);
            }
            catch (SizeLimitExceededException)
            {
                return Refuse(AttendanceReader.TooLarge(rules));
            }

            file.Position = 0;
            try
            {
                if (xlsx && !WorkbookGuard.ExpandsWithinBudget(file))
                {
                    return Refuse(new FileIssue(IssueCodes.FileWorkbookBomb, [(WorkbookGuard.Budget(file.Length) / (1024 * 1024)).ToString(CultureInfo.InvariantCulture)]));
                }

                reader = ExcelReaderFactory.CreateReader(file, new ExcelReaderConfiguration { LeaveOpen = true });
            }
            catch (Exception e) when (e is not OutOfMemoryException)
            {
                return Refuse(new FileIssue(IssueCodes.FileWorkbookUnreadable, []));
            }

            var (sheet, match, nonEmpty, firstLines) = Scan(reader);
            if (match is null)
            {
                return Refuse(AttendanceReader.NoHeader(firstLines));
            }

            reader.Reset();
            for (var i = 0; i < sheet; i++)
            {
                reader.NextResult();
            }

            var name = reader.Name;
            var row = 0;
            var headers = new List<string>();
            while (row < match.Line && reader.Read())
            {
                row++;
            }

            for (var i = 0; i < Math.Min(reader.FieldCount, WorkbookRowSource.MaxColumns); i++)
            {
                headers.Add(WorkbookCells.Text(reader.GetValue(i), reader.GetNumberFormatString(i)));
            }

            var others = nonEmpty.Where(n => n != name).ToList();
            if (others.Count > 0)
            {
                warnings.Add(new FileIssue(IssueCodes.WorkbookOtherSheets, [name, string.Join(", ", others.Select(o => $"«{o}»"))]));
            }

            if (match.SkippedContent)
            {
                warnings.Add(AttendanceReader.HeaderFoundAt(match.Line));
            }

            var links = xlsx ? WorkbookHyperlinks.Read(file, sheet) : [];
            var source = new WorkbookRowSource(reader, file, row, links);
            var layout = AttendanceReader.Recognize(headers, rules, problems, warnings);
            source.LinkColumn = layout.Index[(int)AttendanceColumn.Email];
            reader = null;
            file = null;
            return new AttendanceFile(format, string.Empty, source, layout, rules, problems, warnings);
        }
        finally
        {
            reader?.Dispose();
            file?.Dispose();
        }

        AttendanceFile Refuse(FileIssue problem)
        {
            problems.Add(problem);
            return new AttendanceFile(format, string.Empty, null, null, rules, problems, warnings);
        }
    }

    /// <summary>Each sheet's first non-empty rows: which sheet holds the list, and which others hold anything at all.</summary>
    private static (int Sheet, HeaderMatch? Match, List<string> NonEmpty, IReadOnlyList<string> FirstLines) Scan(IExcelDataReader reader)
    {
        var nonEmpty = new List<string>();
        IReadOnlyList<string> firstLines = [];
        (int Sheet, HeaderMatch? Match) found = (-1, null);
        var sheet = 0;
        do
        {
            var lines = new List<(int Line, IReadOnlyList<string> Cells)>();
            var row = 0;
            while (lines.Count < HeaderSearch.MaxLines && row < WorkbookRowSource.MaxRows && reader.Read())
            {
                row++;
                var cells = new List<string>();
                for (var i = 0; i < Math.Min(reader.FieldCount, WorkbookRowSource.MaxColumns); i++)
                {
                    cells.Add(WorkbookCells.Text(reader.GetValue(i), reader.GetNumberFormatString(i)));
                }

                if (cells.Any(c => !string.IsNullOrWhiteSpace(c)))
                {
                    lines.Add((row, cells));
                }
            }

            if (lines.Count > 0)
            {
                nonEmpty.Add(reader.Name);
                if (firstLines.Count == 0)
                {
                    firstLines = [.. lines.Take(3).Select(l => HeaderSearch.Quote(string.Join("; ", l.Cells.Where(c => c.Length > 0))))];
                }
            }

            if (found.Match is null && HeaderSearch.Best(lines) is { } match)
            {
                found = (sheet, match);
            }

            sheet++;
        }
        while (reader.NextResult());

        return (found.Sheet, found.Match, nonEmpty, firstLines);
    }
}
