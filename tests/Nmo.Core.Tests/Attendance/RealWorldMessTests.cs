using Nmo.Core.Attendance;
using Nmo.Core.Localization;

namespace Nmo.Core.Tests.Attendance;

/// <summary>What lists made by hand carry beside the data: each is taken apart with a warning, never silently.</summary>
public sealed class RealWorldMessTests
{
    [Fact]
    public void Mailto_before_an_address_is_dropped_with_a_warning()
    {
        var (file, rows) = CsvFiles.Read(CsvFiles.Lf(
            "Фамилия;Имя;Email",
            "Иванов;Иван;ivanov@clinic.example",
            "Петров;Пётр;mailto:petrov@clinic.example",
            "Сидоров;Сидор;MAILTO:sidorov@clinic.example?subject=НМО"));

        Assert.Equal(["ivanov@clinic.example", "petrov@clinic.example", "sidorov@clinic.example"], rows.Select(r => r.Attendee!.Email));
        var warning = Assert.Single(file.Warnings);
        Assert.Equal(("email.mailto-removed", "2", "3"), (warning.Code, warning.Args[0], warning.Args[1]));
        Assert.Contains("mailto:", AttendanceTexts.Describe(warning, Language.Ru), StringComparison.Ordinal);
    }

    [Fact]
    public void An_address_in_angle_brackets_after_a_name_gives_the_address_with_a_warning()
    {
        var (file, rows) = CsvFiles.Read(CsvFiles.Lf(
            "Фамилия;Имя;Email",
            "Иванов;Иван;Иванов И. <ivanov@mail.ru>",
            "Петров;Пётр;\"\"\"Петров П.\"\" <mailto:petrov@mail.ru>\""));

        Assert.Equal(["ivanov@mail.ru", "petrov@mail.ru"], rows.Select(r => r.Attendee!.Email));
        Assert.Equal(["email.mailto-removed", "email.name-removed"], file.Warnings.Select(w => w.Code));
        Assert.Equal(["2", "2"], file.Warnings.Single(w => w.Code == "email.name-removed").Args);
    }

    [Fact]
    public void Two_addresses_in_one_cell_are_not_guessed_between()
    {
        var (file, rows) = CsvFiles.Read(CsvFiles.Lf("Фамилия;Имя;Email", "Иванов;Иван;ivanov@mail.ru <ivanov@clinic.example>"));

        Assert.Equal("email.invalid", rows.Single().Issue!.Code);
        Assert.Empty(file.Warnings);
    }

    [Theory]
    [InlineData("№")]
    [InlineData("№ п/п")]
    [InlineData("N п/п")]
    [InlineData("No.")]
    public void A_row_number_column_is_recognised_and_ignored_without_a_warning(string header)
    {
        var (file, rows) = CsvFiles.Read(CsvFiles.Lf($"{header};Фамилия;Имя;Email", "1;Иванов;Иван;ivanov@clinic.example", "2;Петров;Пётр;petrov@clinic.example"));

        Assert.Empty(file.Problems);
        Assert.Empty(file.Warnings);
        Assert.Equal(["Иванов", "Петров"], rows.Select(r => r.Attendee!.LastName));
    }

    [Fact]
    public void Trailing_empty_columns_and_empty_lines_at_the_end_are_ignored()
    {
        var (file, rows) = CsvFiles.Read(CsvFiles.Crlf(
            "Фамилия;Имя;Email;;;",
            "Иванов;Иван;ivanov@clinic.example;;;",
            "Петров;Пётр;petrov@clinic.example;;;;;",
            ";;;;;",
            "",
            ";;;",
            ""));

        Assert.Empty(file.Problems);
        Assert.Empty(file.Warnings);
        Assert.Equal(2, file.RowsRead);
        Assert.All(rows, r => Assert.True(r.Accepted));
    }
}
