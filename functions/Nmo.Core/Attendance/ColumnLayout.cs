namespace Nmo.Core.Attendance;

/// <summary>Where the known columns are in one file, and how their headers were written.</summary>
internal sealed class ColumnLayout
{
    private static readonly int ColumnCount = Enum.GetValues<AttendanceColumn>().Length;

    public int[] Index { get; } = Enumerable.Repeat(-1, ColumnCount).ToArray();

    public string[] Header { get; } = new string[ColumnCount];

    public int HeaderCount { get; init; }

    public bool Has(AttendanceColumn column) => Index[(int)column] >= 0;

    public string HeaderOf(AttendanceColumn column) => Header[(int)column] ?? string.Empty;

    public bool HasSplitName => Has(AttendanceColumn.LastName) && Has(AttendanceColumn.FirstName);

    public static int Columns => ColumnCount;
}
