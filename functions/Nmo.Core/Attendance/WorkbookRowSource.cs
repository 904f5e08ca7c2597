using ExcelDataReader;

namespace Nmo.Core.Attendance;

/// <summary>The rows of the sheet used, after its header; "line" is the sheet's row number, as Excel shows it.</summary>
internal sealed class WorkbookRowSource(IExcelDataReader reader, Stream file, int row, Dictionary<(int Row, int Column), string> links) : IRowSource
{
    /// <summary>Beyond this many columns a sheet holds no attendance list; a huge declared width is not read.</summary>
    public const int MaxColumns = 256;

    /// <summary>The most rows a sheet can have (Excel's limit); a sheet that claims more is not read on.</summary>
    public const int MaxRows = 1_048_576;

    public int Line => row;

    public int FieldCount => Math.Min(reader.FieldCount, MaxColumns);

    /// <summary>The column whose hyperlinks give addresses (the e-mail column), or -1.</summary>
    public int LinkColumn { get; set; } = -1;

    public bool Read(List<FileIssue> problems)
    {
        if (row >= MaxRows)
        {
            return false;
        }

        try
        {
            if (!reader.Read())
            {
                return false;
            }
        }
        catch (Exception e) when (e is not OutOfMemoryException)
        {
            problems.Add(new FileIssue(IssueCodes.FileWorkbookUnreadable, []));
            return false;
        }

        row++;
        return true;
    }

    public string Get(int index)
    {
        var text = WorkbookCells.Text(reader.GetValue(index), reader.GetNumberFormatString(index));
        if (index == LinkColumn && !text.Contains('@', StringComparison.Ordinal)
            && links.TryGetValue((row - 1, index), out var target)
            && target.StartsWith("mailto:", StringComparison.OrdinalIgnoreCase))
        {
            // The cell shows a name; its link holds the address, which is what a click on it would write to.
            return target;
        }

        return text;
    }

    public bool IsBlank(int index) => reader.GetValue(index) is null || string.IsNullOrWhiteSpace(Get(index));

    public void Dispose()
    {
        reader.Dispose();
        file.Dispose();
    }
}
