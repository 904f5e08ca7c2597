using Nmo.Core.Attendance;
using Nmo.Core.Localization;

namespace Nmo.Core.Tests.Attendance;

public sealed class HeaderSearchTests
{
    private const string Title = "Список участников конференции «Кардиология, 2026», 20-21 ноября 2026 г.";
    private const string Header = "№;Фамилия;Имя;Отчество;E-mail;Специальность;СНИЛС;Время присутствия, мин";

    private static string TitledList() => CsvFiles.Crlf(
        Title + ";;;;;;;",
        ";;;;;;;",
        Header,
        "1;Иванов;Иван;Иванович;ivanov@clinic.example;Терапия;112-233-445 95;120",
        "2;Петрова;Анна;Сергеевна;bad-address;Кардиология;;90");

    [Fact]
    public void A_title_above_the_header_is_skipped_and_lines_stay_the_files_own()
    {
        var (file, rows) = CsvFiles.Read(TitledList());

        Assert.Empty(file.Problems);
        Assert.Equal(";", file.Delimiter);
        Assert.Equal(("Иванов", 4), (rows[0].Attendee!.LastName, rows[0].Line));
        Assert.Equal(120, rows[0].Attendee!.AttendanceMinutes);
        Assert.Equal((5, "E-mail"), (rows[1].Issue!.Line, rows[1].Issue!.Column));
        var warning = Assert.Single(file.Warnings, w => w.Code == "header.skipped-lines");
        Assert.Equal(["3", "2"], warning.Args);
        Assert.Contains("строке 3", AttendanceTexts.Describe(warning, Language.Ru), StringComparison.Ordinal);
    }

    [Fact]
    public void A_titled_list_in_windows_1251_reads_the_same()
    {
        var (file, rows) = CsvFiles.Read(CsvFiles.Windows1251Bytes(TitledList()));

        Assert.Equal("Windows-1251", file.EncodingName);
        Assert.Empty(file.Problems);
        Assert.Equal([4, 5], rows.Select(r => r.Line));
        Assert.Equal("Иванович", rows[0].Attendee!.MiddleName);
    }

    [Fact]
    public void The_delimiter_comes_from_the_header_not_from_a_title_full_of_commas()
    {
        var text = CsvFiles.Lf("Школа кардиолога, Москва, 20.11.2026, 6 баллов", "", "Фамилия;Имя;Email", "Иванов;Иван;ivanov@clinic.example");

        var (file, rows) = CsvFiles.Read(text);

        Assert.Equal(";", file.Delimiter);
        Assert.Equal(("Иванов", 4), (rows.Single().Attendee!.LastName, rows.Single().Line));
    }

    [Fact]
    public void The_line_naming_most_known_columns_wins_over_an_earlier_one_naming_few()
    {
        var text = CsvFiles.Lf("Почта", "Фамилия;Имя;Почта;Специальность", "Иванов;Иван;ivanov@clinic.example;Терапия");

        var (file, rows) = CsvFiles.Read(text);

        Assert.Equal("Терапия", rows.Single().Attendee!.Specialty);
        Assert.Equal(["2", "1"], Assert.Single(file.Warnings, w => w.Code == "header.skipped-lines").Args);
    }

    [Fact]
    public void Blank_lines_alone_above_the_header_need_no_warning()
    {
        var (file, rows) = CsvFiles.Read(CsvFiles.Lf("", "  ", "Фамилия;Имя;Email", "Иванов;Иван;ivanov@clinic.example"));

        Assert.Empty(file.Warnings);
        Assert.Equal(4, rows.Single().Line);
    }

    [Fact]
    public void No_header_in_the_first_lines_says_what_was_expected_and_shows_the_start_of_the_file()
    {
        var report = CsvFiles.Validate(CsvFiles.Lf(Title, "Город;Телефон", "Тверь;+7 900 000-00-00"));

        var problem = Assert.Single(report.Problems);
        Assert.Equal("header.not-found", problem.Code);
        var text = AttendanceTexts.Describe(problem, Language.Ru);
        Assert.Contains("Фамилия; Имя", text, StringComparison.Ordinal);
        Assert.Contains("«Город;Телефон»", text, StringComparison.Ordinal);
        Assert.Contains("Список участников", text, StringComparison.Ordinal);
        Assert.Contains("Last name", AttendanceTexts.Describe(problem, Language.En), StringComparison.Ordinal);
    }

    [Fact]
    public void A_header_below_the_first_twenty_non_empty_lines_is_not_looked_for()
    {
        var lines = Enumerable.Range(1, HeaderSearch.MaxLines).Select(i => $"Примечание {i}").Append("Фамилия;Имя;Email").Append("Иванов;Иван;ivanov@clinic.example");

        var report = CsvFiles.Validate(CsvFiles.Lf([.. lines]));

        Assert.Equal(["header.not-found"], report.Problems.Select(p => p.Code));
    }

    [Fact]
    public void A_quoted_title_spanning_two_lines_still_counts_both_lines()
    {
        var text = CsvFiles.Lf("\"Список участников", "школы кардиолога\"", "Фамилия,Имя,Email", "Иванов,Иван,ivanov@clinic.example");

        var (file, rows) = CsvFiles.Read(text);

        Assert.Equal(",", file.Delimiter);
        Assert.Equal(4, rows.Single().Line);
    }
}
