using Nmo.Core.Attendance;
using Nmo.Core.Localization;

namespace Nmo.Core.Tests.Attendance;

/// <summary>The titled list of 15 attendees as LibreOffice Calc saved it (Files/make-files.py), in every form.</summary>
public sealed class WorkbookTests
{
    public static byte[] File(string name) =>
        System.IO.File.ReadAllBytes(Path.Combine(AppContext.BaseDirectory, "Attendance", "Files", name));

    [Theory]
    [InlineData("titled-1251.csv", "Windows-1251")]
    [InlineData("titled-utf8.csv", "UTF-8")]
    [InlineData("titled.xlsx", "xlsx")]
    [InlineData("titled.xls", "xls")]
    public void The_titled_list_reads_the_same_in_every_form(string name, string format)
    {
        var (file, rows) = CsvFiles.Read(File(name));

        Assert.Empty(file.Problems);
        Assert.Equal(format, file.EncodingName);
        Assert.Equal(15, rows.Count);
        Assert.All(rows, r => Assert.True(r.Accepted, r.Issue?.Code));
        Assert.Equal(Enumerable.Range(4, 15), rows.Select(r => r.Line));
        var first = rows[0].Attendee!;
        Assert.Equal(("Иванов", "Иван", "Иванович", "ivanov@clinic.example", "Терапия"), (first.LastName, first.FirstName, first.MiddleName, first.Email, first.Specialty));

        // СНИЛС typed as a number keeps its leading zero (its format shows 11 digits); minutes without ".0";
        // a duration typed as 1:30 is 90 minutes.
        Assert.Equal("012-345-678 19", first.Snils);
        Assert.Equal(65, first.AttendanceMinutes);
        Assert.Equal(90, rows[2].Attendee!.AttendanceMinutes);
        Assert.Equal(["3", "2"], Assert.Single(file.Warnings, w => w.Code == "header.skipped-lines").Args);
    }

    [Theory]
    [InlineData("titled.xlsx")]
    [InlineData("titled.xls")]
    public void The_first_sheet_with_a_header_is_used_and_other_non_empty_sheets_are_named(string name)
    {
        var (file, _) = CsvFiles.Read(File(name));

        var warning = Assert.Single(file.Warnings, w => w.Code == "workbook.other-sheets");
        Assert.Equal(["Участники", "«Инструкция»"], warning.Args);
        Assert.Equal("список взят с листа «Участники»; другие непустые листы не учитываются: «Инструкция»", AttendanceTexts.Describe(warning, Language.Ru));
    }

    [Fact]
    public void A_hyperlinked_e_mail_gives_its_address_even_when_it_shows_a_name()
    {
        var (file, rows) = CsvFiles.Read(File("hyperlinks.xlsx"));

        Assert.Empty(file.Problems);
        Assert.Equal(15, rows.Count(r => r.Accepted));
        Assert.Equal("ivanov@clinic.example", rows[0].Attendee!.Email);
        Assert.Equal("petrova@clinic.example", rows[1].Attendee!.Email);
    }

    [Fact]
    public void A_workbook_is_taken_by_its_content_whatever_it_is_called()
    {
        var report = ValidateCommandLike(File("titled.xlsx"));

        Assert.True(report.Usable);
        Assert.Equal(15, report.Accepted);
    }

    private static ValidationReport ValidateCommandLike(byte[] bytes) => AttendanceValidator.Validate(new MemoryStream(bytes), new AttendanceRules());
}
