using System.Text;
using Nmo.Core.Attendance;

namespace Nmo.Core.Tests.Attendance;

public sealed class FileProblemTests
{
    private static string[] Codes(IEnumerable<FileIssue> issues) => issues.Select(i => i.Code).ToArray();

    [Fact]
    public void An_empty_file_is_refused()
    {
        var report = CsvFiles.Validate([]);

        Assert.False(report.Usable);
        Assert.Equal(["file.empty"], Codes(report.Problems));
        Assert.Equal(0, report.Rows);
    }

    [Fact]
    public void A_file_of_blank_lines_and_a_lone_bom_is_empty_too()
    {
        Assert.Equal(["file.empty"], Codes(CsvFiles.Validate(CsvFiles.Utf8BomBytes("\r\n  \r\n\r\n")).Problems));
    }

    [Fact]
    public void A_header_only_file_is_refused_for_having_no_rows()
    {
        var report = CsvFiles.Validate(CsvFiles.Crlf("Фамилия;Имя;Email", "", ";;"));

        Assert.False(report.Usable);
        Assert.Equal(["file.no-rows"], Codes(report.Problems));
    }

    [Fact]
    public void The_no_rows_problem_appears_only_once_the_rows_are_read()
    {
        using var file = AttendanceReader.Open(new MemoryStream(CsvFiles.Utf8Bytes("Фамилия;Имя;Email\n")), new AttendanceRules());
        Assert.Empty(file.Problems);

        Assert.Empty(file.Rows());

        Assert.Equal(["file.no-rows"], Codes(file.Problems));
    }

    [Fact]
    public void A_quote_that_runs_on_for_more_than_a_megabyte_ends_the_rows_at_the_line_it_opened()
    {
        var text = CsvFiles.Lf(
        [
            "Фамилия;Имя;Email",
            "Иванов;Иван;ivanov@mail.ru",
            "Петров;Пётр;petrov@mail.ru",
            "\"Сидоров;Сидор;sidorov@mail.ru",
            .. Enumerable.Repeat(new string('x', 1000), 1100),
        ]);

        var report = CsvFiles.Validate(text);

        Assert.Equal(IssueCodes.FileRecordTooLarge, Assert.Single(report.Problems).Code);
        Assert.Equal(["4"], report.Problems[0].Args);
        Assert.Equal(2, report.Accepted);
    }

    [Fact]
    public void A_quote_that_runs_on_from_the_first_row_names_that_row_s_line()
    {
        var text = CsvFiles.Lf(
        [
            "Фамилия;Имя;Email",
            "\"Иванов;Иван;ivanov@mail.ru",
            .. Enumerable.Repeat(new string('x', 1000), 1100),
        ]);

        var report = CsvFiles.Validate(text);

        Assert.Equal([(IssueCodes.FileRecordTooLarge, "2")], report.Problems.Select(p => (p.Code, p.Args[0])));
    }

    [Fact]
    public void A_binary_file_is_not_a_text_file()
    {
        var bytes = new byte[4096];
        new Random(42).NextBytes(bytes);
        bytes[10] = 0;

        var report = CsvFiles.Validate(bytes);

        Assert.Equal(["file.binary"], Codes(report.Problems));
        Assert.Equal("binary", report.Encoding);
    }

    [Fact]
    public void Text_full_of_control_characters_is_not_a_text_file()
    {
        var bytes = Encoding.ASCII.GetBytes(string.Concat(Enumerable.Repeat("ab\u0001\u0002cd\u0003\u0004\u0005ef", 50)));

        Assert.Equal(["file.binary"], Codes(CsvFiles.Validate(bytes).Problems));
    }

    [Fact]
    public void Utf16_bytes_without_a_bom_are_not_taken_for_text()
    {
        var bytes = Encoding.Unicode.GetBytes("Фамилия;Имя;Email\r\nИванов;Иван;ivanov@clinic.example\r\n");

        Assert.Equal(["file.binary"], Codes(CsvFiles.Validate(bytes).Problems));
    }

    [Fact]
    public void A_broken_workbook_is_refused_as_unreadable()
    {
        byte[] xlsx = [(byte)'P', (byte)'K', 3, 4, 20, 0, 6, 0, 8, 0, 0, 0, 33, 0];

        Assert.Equal(["file.workbook-unreadable"], Codes(CsvFiles.Validate(xlsx).Problems));
    }

    [Fact]
    public void Every_missing_required_column_is_named()
    {
        var report = CsvFiles.Validate(CsvFiles.Lf("Специальность;Телефон", "Терапия;+7 900 000-00-00"));

        Assert.False(report.Usable);
        Assert.Contains(report.Problems, p => p.Code == "column.missing" && p.Args.SequenceEqual(["name"]));
        Assert.Contains(report.Problems, p => p.Code == "column.missing" && p.Args.SequenceEqual(["email"]));
        Assert.Equal(0, report.Rows);
    }

    [Fact]
    public void A_missing_email_column_is_named()
    {
        var report = CsvFiles.Validate(CsvFiles.Lf("ФИО;Специальность", "Иванов Иван;Терапия"));

        var problem = Assert.Single(report.Problems);
        Assert.Equal(("column.missing", "email"), (problem.Code, problem.Args[0]));
    }

    [Fact]
    public void A_surname_without_a_given_name_column_names_the_missing_one()
    {
        var problem = Assert.Single(CsvFiles.Validate(CsvFiles.Lf("Фамилия;Email", "Иванов;ivanov@clinic.example")).Problems);

        Assert.Equal(["first_name"], problem.Args);
    }

    [Fact]
    public void An_ambiguous_name_header_is_not_guessed()
    {
        var report = CsvFiles.Validate(CsvFiles.Lf("Name,Email", "Emma Taylor,taylor@hospital.example"));

        Assert.Contains(report.Problems, p => p.Code == "column.missing" && p.Args[0] == "name");
        Assert.Contains(report.Problems, p => p.Code == "header.ambiguous" && p.Args[0] == "Name");
    }

    [Fact]
    public void A_threshold_without_its_column_refuses_the_file()
    {
        var report = CsvFiles.Validate(CsvFiles.Sample("attendance-en.csv"), new AttendanceRules(MinAttendanceMinutes: 45));

        var problem = Assert.Single(report.Problems);
        Assert.Equal(("column.missing", "minutes"), (problem.Code, problem.Args[0]));
    }

    [Fact]
    public void A_file_over_the_limit_is_refused_while_streaming_when_its_length_is_unknown()
    {
        var source = new GeneratedCsvStream("Фамилия;Имя;Email", 10_000, i => $"Иванов;Иван;i{i}@clinic.example");

        var report = AttendanceValidator.Validate(source, new AttendanceRules(MaxBytes: 100_000));

        Assert.False(report.Usable);
        Assert.Equal(["file.too-large"], Codes(report.Problems));
        Assert.True(source.Produced <= 100_000 + (64 * 1024), $"read {source.Produced} bytes");
    }

    [Fact]
    public void A_seekable_file_over_the_limit_is_refused_without_reading_it()
    {
        var report = CsvFiles.Validate(CsvFiles.Sample("attendance-ru.csv"), new AttendanceRules(MaxBytes: 100));

        Assert.Equal(["file.too-large"], Codes(report.Problems));
        Assert.Equal(0, report.Rows);
    }

    [Fact]
    public void A_file_exactly_at_the_limit_is_accepted()
    {
        var bytes = CsvFiles.Sample("attendance-en.csv");

        Assert.True(AttendanceValidator.Validate(new NonSeekable(bytes), new AttendanceRules(MaxBytes: bytes.Length)).Usable);
    }

    [Fact]
    public void A_quote_that_never_closes_refuses_the_file()
    {
        var text = CsvFiles.Crlf("Фамилия;Имя;Email;Специальность", "Иванов;Иван;ivanov@clinic.example;\"Терапия", "Петров;Пётр;petrov@clinic.example;Хирургия");

        var report = CsvFiles.Validate(text);

        var problem = Assert.Single(report.Problems);
        Assert.Equal(("file.unterminated-quote", "2"), (problem.Code, problem.Args[0]));
    }

    [Fact]
    public void A_quote_opened_in_the_header_and_never_closed_refuses_the_file()
    {
        var report = CsvFiles.Validate(CsvFiles.Crlf("\"Фамилия;Имя;Email", "Иванов;Иван;ivanov@clinic.example"));

        Assert.Equal(["file.unterminated-quote"], Codes(report.Problems));
        Assert.Equal(["1"], report.Problems[0].Args);
    }

    private sealed class NonSeekable(byte[] bytes) : MemoryStream(bytes)
    {
        public override bool CanSeek => false;
    }
}
