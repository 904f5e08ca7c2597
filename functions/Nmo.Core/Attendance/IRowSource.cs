namespace Nmo.Core.Attendance;

/// <summary>
/// The data rows below the header, from a CSV or a workbook sheet: the one thing <see cref="AttendanceFile"/> needs,
/// so both are checked by the same rules.
/// </summary>
internal interface IRowSource : IDisposable
{
    /// <summary>The line (CSV) or sheet row (workbook) of the current row, as the provider's program shows it.</summary>
    int Line { get; }

    int FieldCount { get; }

    /// <summary>Moves to the next row. A failure to read on is added to <paramref name="problems"/> and ends the rows.</summary>
    bool Read(List<FileIssue> problems);

    /// <summary>The value of a cell as text, as the provider sees it.</summary>
    string Get(int index);

    bool IsBlank(int index);
}
