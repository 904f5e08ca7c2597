using Nmo.Core.Attendance;

namespace Nmo.Core.Tests.Attendance;

public sealed class StructureTests
{
    [Theory]
    [InlineData(";")]
    [InlineData(",")]
    [InlineData("\t")]
    public void Delimiter_is_detected_from_the_header(string delimiter)
    {
        var text = CsvFiles.Lf(
            string.Join(delimiter, "Last name", "First name", "Email", "Specialty"),
            string.Join(delimiter, "Taylor", "Emma", "taylor@hospital.example", "Cardiology"));

        var (file, rows) = CsvFiles.Read(text);

        Assert.Equal(delimiter, file.Delimiter);
        var attendee = Assert.Single(rows).Attendee!;
        Assert.Equal(("Taylor", "Emma", "taylor@hospital.example", "Cardiology"), (attendee.LastName, attendee.FirstName, attendee.Email, attendee.Specialty));
    }

    [Fact]
    public void Delimiters_inside_quoted_headers_do_not_count()
    {
        var text = CsvFiles.Lf(
            "\"Фамилия, имя, отчество\";Email;\"Присутствие, мин\"",
            "\"Иванов Иван Иванович\";ivanov@clinic.example;90");

        var (file, rows) = CsvFiles.Read(text);

        Assert.Equal(";", file.Delimiter);
        var a = Assert.Single(rows).Attendee!;
        Assert.Equal("Иванов Иван Иванович", a.FullName);
        Assert.Equal(90, a.AttendanceMinutes);
    }

    [Fact]
    public void Excel_separator_hint_line_is_honoured_and_counted_as_a_line()
    {
        var text = CsvFiles.Crlf("sep=,", "Фамилия,Имя,Email", "Иванов,Иван,ivanov@clinic.example", "Петров,Пётр,bad-address");

        var (file, rows) = CsvFiles.Read(text);

        Assert.Equal(",", file.Delimiter);
        Assert.Empty(file.Problems);
        Assert.Equal("Иванов", rows[0].Attendee!.LastName);
        Assert.Equal(3, rows[0].Line);
        Assert.Equal(4, rows[1].Issue!.Line);
    }

    [Theory]
    [InlineData("\r\n")]
    [InlineData("\n")]
    public void Crlf_and_lf_give_the_same_rows_and_lines(string newline)
    {
        var text = string.Join(newline, "Фамилия;Имя;Email", "Иванов;Иван;ivanov@clinic.example", "", "Петров;Пётр;nope", "Сидоров;Сидор;sidorov@clinic.example") + newline;

        var (_, rows) = CsvFiles.Read(text);

        Assert.Equal([2, 4, 5], rows.Select(r => r.Line));
        Assert.Equal("Иванов", rows[0].Attendee!.LastName);
        Assert.Equal("email.invalid", rows[1].Issue!.Code);
        Assert.Equal("sidorov@clinic.example", rows[2].Attendee!.Email);
    }

    [Fact]
    public void Quoted_fields_hold_delimiters_quotes_and_line_breaks_and_later_line_numbers_stay_right()
    {
        var text = CsvFiles.Crlf(
            "Фамилия;Имя;Email;Специальность",
            "Иванов;Иван;ivanov@clinic.example;\"Анестезиология;",
            "реаниматология\"",
            "\"Петрова-\"\"Водкина\"\"\";Анна;petrova@clinic.example;\"Терапия\"",
            "",
            "Сидоров;Сидор;not-an-address;Хирургия");

        var (_, rows) = CsvFiles.Read(text);

        Assert.Equal([2, 4, 6], rows.Select(r => r.Line));
        Assert.Equal("Анестезиология; реаниматология", rows[0].Attendee!.Specialty);
        Assert.Equal("Петрова-\"Водкина\"", rows[1].Attendee!.LastName);
        Assert.Equal(6, rows[2].Issue!.Line);
    }

    [Fact]
    public void Stray_spaces_around_headers_and_values_are_trimmed()
    {
        var text = CsvFiles.Lf(
            "  Фамилия ;  имя\t; E-Mail  ; Специальность ",
            "  Иванов  ; Иван ;  Ivanov@Clinic.example ;  Общая   врачебная практика  ");

        var (file, rows) = CsvFiles.Read(text);

        Assert.Empty(file.Problems);
        Assert.Empty(file.Warnings);
        var a = Assert.Single(rows).Attendee!;
        Assert.Equal(("Иванов", "Иван", "Ivanov@Clinic.example", "Общая врачебная практика"), (a.LastName, a.FirstName, a.Email, a.Specialty));
        Assert.Equal("ivanov@clinic.example", a.EmailKey);
    }

    [Fact]
    public void Blank_lines_and_rows_of_empty_cells_are_skipped_but_counted_as_lines()
    {
        var text = CsvFiles.Crlf("", "Фамилия;Имя;Email", ";;", "   ", "Иванов;Иван;ivanov@clinic.example", ";;;");

        var (file, rows) = CsvFiles.Read(text);

        Assert.Empty(file.Problems);
        var row = Assert.Single(rows);
        Assert.Equal(5, row.Line);
        Assert.Equal(1, file.RowsRead);
    }

    [Fact]
    public void Cells_of_spaces_tabs_quotes_and_quoted_line_breaks_alone_make_a_blank_row_and_anything_else_does_not()
    {
        var text = CsvFiles.Crlf(
            "Фамилия;Имя;Email",
            "\" \";\"\";\"\t\"",
            " \t ; ;\t",
            "\"\r\n\";;",
            "\"\";\" \";x",
            "  ;Иван;ivanov@clinic.example",
            "Иванов;Иван;ivanov@clinic.example");

        var (file, rows) = CsvFiles.Read(text);

        Assert.Empty(file.Problems);
        Assert.Equal(3, file.RowsRead);
        Assert.Equal([(6, false), (7, false), (8, true)], rows.Select(r => (r.Line, r.Accepted)));
    }

    [Fact]
    public void Trailing_empty_cells_are_harmless_but_an_unquoted_delimiter_inside_a_value_rejects_the_row()
    {
        var text = CsvFiles.Crlf(
            "Фамилия;Имя;Отчество;Email;Специальность",
            "Иванов;Иван;Иванович;ivanov@clinic.example;Терапия;;",
            "Петров;Пётр;;petrov@clinic.example;Анестезиология; реаниматология",
            "Короткова;Анна");

        var (_, rows) = CsvFiles.Read(text);

        Assert.NotNull(rows[0].Attendee);
        var issue = rows[1].Issue!;
        Assert.Equal(("row.columns", 3), (issue.Code, issue.Line));
        Assert.Equal(["5", "6", ";"], issue.Args);
        Assert.Equal("email.missing", rows[2].Issue!.Code);
    }

    [Theory]
    [InlineData("Фамилия;Имя;Отчество;Email")]
    [InlineData("ФАМИЛИЯ;ИМЯ;ОТЧЕСТВО;E-MAIL")]
    [InlineData("last_name;first_name;middle_name;e_mail")]
    [InlineData("Surname;Given name;Patronymic;Эл. почта")]
    [InlineData("LastName;FirstName;MiddleName;Почта")]
    [InlineData("Last Name;First Name;Middle Name;Электронная почта")]
    public void Header_synonyms_in_any_case_and_spacing_are_recognised(string header)
    {
        var a = CsvFiles.Single(CsvFiles.Lf(header, "Иванов;Иван;Иванович;ivanov@clinic.example"));

        Assert.Equal(("Иванов", "Иван", "Иванович", "ivanov@clinic.example"), (a.LastName, a.FirstName, a.MiddleName, a.Email));
    }

    [Fact]
    public void Unknown_columns_are_ignored_and_listed_in_a_warning()
    {
        var text = CsvFiles.Lf("Город;Фамилия;Имя;Email;Комментарий", "Тверь;Иванов;Иван;ivanov@clinic.example;опоздал");

        var (file, rows) = CsvFiles.Read(text);

        Assert.Empty(file.Problems);
        var warning = Assert.Single(file.Warnings);
        Assert.Equal("header.unknown", warning.Code);
        Assert.Equal(["Город", "Комментарий"], warning.Args);
        Assert.Equal("Иванов", Assert.Single(rows).Attendee!.LastName);
    }

    [Fact]
    public void A_second_column_for_the_same_field_is_ignored_with_a_warning()
    {
        var (file, rows) = CsvFiles.Read(CsvFiles.Lf("Фамилия;Имя;Email;Почта", "Иванов;Иван;ivanov@clinic.example;old@clinic.example"));

        Assert.Equal("header.duplicate", Assert.Single(file.Warnings).Code);
        Assert.Equal("ivanov@clinic.example", Assert.Single(rows).Attendee!.Email);
    }

    [Fact]
    public void Rows_can_be_read_only_once()
    {
        using var file = AttendanceReader.Open(new MemoryStream(CsvFiles.Sample("attendance-en.csv")), new AttendanceRules());
        _ = file.Rows().ToList();

        Assert.Throws<InvalidOperationException>(() => file.Rows());
    }
}
