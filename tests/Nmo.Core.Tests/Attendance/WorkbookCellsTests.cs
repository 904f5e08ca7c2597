using Nmo.Core.Attendance;

namespace Nmo.Core.Tests.Attendance;

public sealed class WorkbookCellsTests
{
    [Fact]
    public void Numbers_show_without_a_trailing_zero_and_keep_zeros_their_format_shows()
    {
        Assert.Equal("65", WorkbookCells.Text(65d, "General"));
        Assert.Equal("0.85", WorkbookCells.Text(0.85d, null));
        Assert.Equal("01234567819", WorkbookCells.Text(1234567819d, "00000000000"));
        Assert.Equal("11223344595", WorkbookCells.Text(11223344595d, "0"));
    }

    [Fact]
    public void Dates_read_as_dates_and_durations_as_hours_and_minutes()
    {
        Assert.Equal("20.11.2026", WorkbookCells.Text(new DateTime(2026, 11, 20), "dd.mm.yyyy"));
        Assert.Equal("20.11.2026 09:30", WorkbookCells.Text(new DateTime(2026, 11, 20, 9, 30, 0), null));
        Assert.Equal("1:30", WorkbookCells.Text(new DateTime(1899, 12, 30, 1, 30, 0), "[h]:mm"));
    }
}
