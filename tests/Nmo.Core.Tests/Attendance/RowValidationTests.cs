using Nmo.Core.Attendance;
using Nmo.Core.Localization;

namespace Nmo.Core.Tests.Attendance;

public sealed class RowValidationTests
{
    private static string Row(string header, string row) => CsvFiles.Lf(header, row);

    [Theory]
    [InlineData("a.b+c@mail.ru")]
    [InlineData("x_y-z@sub.clinic.example")]
    [InlineData("doctor@почта.рф")]
    [InlineData("  spaced@clinic.example  ")]
    public void Plausible_addresses_are_accepted(string email)
    {
        var a = CsvFiles.Single(Row("ФИО;Email", $"Иванов Иван;\"{email}\""));

        Assert.Equal(email.Trim(), a.Email);
    }

    [Theory]
    [InlineData("ivanov.clinic.example", "email.invalid")]
    [InlineData("ivanov@@clinic.example", "email.invalid")]
    [InlineData("iva nov@clinic.example", "email.invalid")]
    [InlineData("ivanov@clinic", "email.invalid")]
    [InlineData("ivanov@clinic.r", "email.invalid")]
    [InlineData("ivanov@192.168.0.1", "email.invalid")]
    [InlineData("ivanov@clinic..ru", "email.invalid")]
    [InlineData(".ivanov@clinic.ru", "email.invalid")]
    [InlineData("иванов@clinic.ru", "email.invalid")]
    [InlineData("ivanov@mаil.ru", "email.invalid")] // Cyrillic "а" in a Latin domain
    [InlineData("a@b.ru, c@d.ru", "email.invalid")]
    [InlineData("@clinic.ru", "email.invalid")]
    [InlineData("ivanov@localhost", "email.invalid")]
    [InlineData("ivanov@example.invalid", "email.undeliverable")]
    [InlineData("ivanov@host.localhost", "email.undeliverable")]
    [InlineData("ivanov@example.com", "email.undeliverable")]
    [InlineData("", "email.missing")]
    public void Implausible_addresses_are_rejected(string email, string code)
    {
        var issue = CsvFiles.SingleIssue(Row("ФИО;E-mail", $"Иванов Иван;\"{email}\""));

        Assert.Equal((RowIssueKind.Invalid, code, "E-mail", 2), (issue.Kind, issue.Code, issue.Column, issue.Line));
    }

    [Fact]
    public void An_undeliverable_domain_is_named_in_the_issue()
    {
        var issue = CsvFiles.SingleIssue(Row("ФИО;Email", "Иванов Иван;ivanov@example.invalid"));

        Assert.Equal(["example.invalid"], issue.Args);
    }

    [Fact]
    public void Full_name_column_is_split_surname_first()
    {
        var a = CsvFiles.Single(Row("ФИО;Email", "  Иванов   Иван  Иванович ;ivanov@clinic.example"));

        Assert.Equal(("Иванов Иван Иванович", "Иванов", "Иван", "Иванович"), (a.FullName, a.LastName, a.FirstName, a.MiddleName));
    }

    [Fact]
    public void A_patronymic_of_several_words_stays_whole()
    {
        var a = CsvFiles.Single(Row("ФИО;Email", "Мамедов Ильхам Гейдар оглы;mamedov@clinic.example"));

        Assert.Equal(("Мамедов", "Ильхам", "Гейдар оглы"), (a.LastName, a.FirstName, a.MiddleName));
    }

    [Fact]
    public void English_full_name_is_split_given_name_first()
    {
        var a = CsvFiles.Single(Row("Full name,Email", "Emma Jane Taylor,taylor@hospital.example"));

        Assert.Equal(("Taylor", "Emma", "Jane"), (a.LastName, a.FirstName, a.MiddleName));
    }

    [Fact]
    public void A_one_word_full_name_is_rejected()
    {
        var issue = CsvFiles.SingleIssue(Row("ФИО;Email", "Иванов;ivanov@clinic.example"));

        Assert.Equal(("name.incomplete", "ФИО"), (issue.Code, issue.Column));
    }

    [Fact]
    public void Separate_name_columns_require_surname_and_given_name()
    {
        var (_, rows) = CsvFiles.Read(CsvFiles.Lf("Фамилия;Имя;Отчество;Email", ";Иван;Иванович;a@clinic.example", "Петров;;;b@clinic.example", "Сидоров;Сидор;;c@clinic.example"));

        Assert.Equal(("name.missing", "Фамилия"), (rows[0].Issue!.Code, rows[0].Issue!.Column));
        Assert.Equal(("name.missing", "Имя"), (rows[1].Issue!.Code, rows[1].Issue!.Column));
        Assert.Null(rows[2].Attendee!.MiddleName);
        Assert.Equal("Сидоров Сидор", rows[2].Attendee!.FullName);
    }

    [Fact]
    public void The_full_name_cell_fills_in_when_the_separate_cells_are_empty()
    {
        var a = CsvFiles.Single(Row("Фамилия;Имя;ФИО;Email", ";;Иванов Иван Иванович;ivanov@clinic.example"));

        Assert.Equal(("Иванов", "Иван", "Иванович"), (a.LastName, a.FirstName, a.MiddleName));
    }

    [Theory]
    [InlineData("112-233-445 95", "112-233-445 95")]
    [InlineData("11223344595", "112-233-445 95")]
    [InlineData("987-654-321 83", "987-654-321 83")] // sum 285: mod 101
    [InlineData("920-000-003 00", "920-000-003 00")] // sum exactly 100
    [InlineData("106-897-449 00", "106-897-449 00")] // sum 201: mod 101 is 100
    [InlineData("001-001-998 42", "001-001-998 42")] // issued before the control sum existed
    [InlineData("1234567819", "012-345-678 19")] // Excel dropped the leading zero
    public void Valid_snils_is_accepted_and_normalised(string snils, string normalized)
    {
        var a = CsvFiles.Single(Row("ФИО;Email;СНИЛС", $"Иванов Иван;ivanov@clinic.example;{snils}"));

        Assert.Equal(normalized, a.Snils);
    }

    [Theory]
    [InlineData("112-233-445 96", "snils.checksum")]
    [InlineData("987-654-321 84", "snils.checksum")]
    [InlineData("920-000-003 100", "snils.invalid")]
    [InlineData("123-456", "snils.invalid")]
    [InlineData("112-233-44A 95", "snils.invalid")]
    [InlineData("12-345-678 19", "snils.invalid")]
    public void Invalid_snils_is_rejected(string snils, string code)
    {
        var issue = CsvFiles.SingleIssue(Row("ФИО;Email;SNILS", $"Иванов Иван;ivanov@clinic.example;{snils}"));

        Assert.Equal((RowIssueKind.Invalid, code, "SNILS"), (issue.Kind, issue.Code, issue.Column));
    }

    [Fact]
    public void An_empty_snils_is_fine_since_the_column_is_optional()
    {
        Assert.Null(CsvFiles.Single(Row("ФИО;Email;СНИЛС", "Иванов Иван;ivanov@clinic.example;")).Snils);
    }

    [Fact]
    public void The_same_attendee_twice_is_reported_once_on_the_later_row_naming_the_first()
    {
        var text = CsvFiles.Crlf(
            "ФИО;Email",
            "Иванов Иван;Ivanov@Clinic.example",
            "Петров Пётр;bad",
            "Иванов Иван;  ivanov@clinic.EXAMPLE ",
            "Сидоров Сидор;sidorov@clinic.example",
            "Иванов И.;IVANOV@CLINIC.EXAMPLE");

        var report = CsvFiles.Validate(text);

        Assert.Equal((5, 2), (report.Rows, report.Accepted));
        var duplicates = report.Errors.Where(e => e.Kind == RowIssueKind.Duplicate).ToList();
        Assert.Equal([4, 6], duplicates.Select(d => d.Line));
        Assert.All(duplicates, d => Assert.Equal(["2"], d.Args));
        Assert.All(duplicates, d => Assert.Equal("row.duplicate", d.Code));
    }

    [Fact]
    public void A_rejected_first_row_does_not_make_a_later_valid_one_a_duplicate()
    {
        var (_, rows) = CsvFiles.Read(CsvFiles.Lf("ФИО;Email;СНИЛС", "Иванов;ivanov@clinic.example;", "Иванов Иван;ivanov@clinic.example;"));

        Assert.Equal("name.incomplete", rows[0].Issue!.Code);
        Assert.NotNull(rows[1].Attendee);
    }

    [Fact]
    public void Attendance_below_the_minutes_threshold_is_not_eligible_rather_than_invalid()
    {
        var text = CsvFiles.Lf(
            "ФИО;Email;Присутствие, мин",
            "Иванов Иван;a@clinic.example;90",
            "Петров Пётр;b@clinic.example;44",
            "Сидоров Сидор;c@clinic.example;1:15",
            "Кузнецов Олег;d@clinic.example;45 мин",
            "Смирнов Павел;e@clinic.example;много",
            "Попов Антон;f@clinic.example;");

        var report = CsvFiles.Validate(text, new AttendanceRules(MinAttendanceMinutes: 45));

        Assert.Equal((6, 3, 3), (report.Rows, report.Accepted, report.Rejected));
        var notEligible = Assert.Single(report.Errors, e => e.Kind == RowIssueKind.NotEligible);
        Assert.Equal((3, "attendance.minutes-below", "Присутствие, мин"), (notEligible.Line, notEligible.Code, notEligible.Column));
        Assert.Equal(["44", "45"], notEligible.Args);
        Assert.Equal(["minutes.invalid", "attendance.missing"], report.Errors.Where(e => e.Kind == RowIssueKind.Invalid).Select(e => e.Code));
    }

    [Fact]
    public void Minutes_are_kept_on_the_attendee()
    {
        var (_, rows) = CsvFiles.Read(CsvFiles.Lf("ФИО;Email;Minutes", "Иванов Иван;a@clinic.example;1:15", "Петров Пётр;b@clinic.example;90,5"));

        Assert.Equal([75, 90], rows.Select(r => r.Attendee!.AttendanceMinutes));
    }

    [Fact]
    public void Without_a_threshold_a_bad_minutes_value_costs_nobody_a_code()
    {
        Assert.Null(CsvFiles.Single(Row("ФИО;Email;Минуты", "Иванов Иван;a@clinic.example;н/д")).AttendanceMinutes);
    }

    [Theory]
    [InlineData("0.85", true)]
    [InlineData("0,85", true)]
    [InlineData("85%", true)]
    [InlineData("85", true)]
    [InlineData("80 %", true)]
    [InlineData("0.79", false)]
    [InlineData("79%", false)]
    [InlineData("79", false)]
    public void Presence_share_accepts_fractions_and_percentages(string value, bool eligible)
    {
        var (_, rows) = CsvFiles.Read(Row("ФИО;Email;Доля присутствия", $"Иванов Иван;a@clinic.example;{value}"), new AttendanceRules(MinPresenceShare: 0.8m));

        var row = Assert.Single(rows);
        Assert.Equal(eligible, row.Attendee is not null);
        if (!eligible)
        {
            Assert.Equal((RowIssueKind.NotEligible, "attendance.share-below"), (row.Issue!.Kind, row.Issue.Code));
            Assert.Equal("80%", row.Issue.Args[1]);
        }
    }

    [Fact]
    public void A_presence_share_over_100_percent_is_invalid()
    {
        var issue = CsvFiles.SingleIssue(Row("ФИО;Email;Attendance %", "Иванов Иван;a@clinic.example;140"), new AttendanceRules(MinPresenceShare: 0.5m));

        Assert.Equal(("presence.invalid", RowIssueKind.Invalid), (issue.Code, issue.Kind));
    }

    [Fact]
    public void Overlong_values_are_rejected()
    {
        var issue = CsvFiles.SingleIssue(Row("ФИО;Email;Специальность", $"Иванов Иван;a@clinic.example;{new string('т', 201)}"));

        Assert.Equal(("field.too-long", "Специальность", "200"), (issue.Code, issue.Column, issue.Args[0]));
        Assert.NotNull(CsvFiles.Single(Row("ФИО;Email;Специальность", $"Иванов Иван;a@clinic.example;{new string('т', 200)}")).Specialty);
    }

    [Fact]
    public void Language_column_sets_the_email_language()
    {
        var (_, rows) = CsvFiles.Read(CsvFiles.Lf("Full name,Email,Language", "Emma Taylor,a@hospital.example,en", "Иван Иванов,b@hospital.example,ru", "Olga Ivanova,c@hospital.example,"));

        Assert.Equal([Language.En, Language.Ru, Language.Ru], rows.Select(r => r.Attendee!.Language));
    }

    [Fact]
    public void Formula_like_values_are_kept_as_text_and_neutralised_for_writing_back()
    {
        var text = CsvFiles.Lf(
            "Фамилия;Имя;Email;Специальность",
            "\"=HYPERLINK(\"\"http://evil.example\"\";\"\"x\"\")\";Иван;a@clinic.example;+Терапия",
            "Петров;@Пётр;b@clinic.example;-1+2");

        var (_, rows) = CsvFiles.Read(text);

        var first = rows[0].Attendee!;
        var second = rows[1].Attendee!;
        Assert.Equal("=HYPERLINK(\"http://evil.example\";\"x\")", first.LastName);
        Assert.Equal("+Терапия", first.Specialty);
        Assert.Equal("@Пётр", second.FirstName);
        Assert.Equal("'=HYPERLINK(\"http://evil.example\";\"x\")", CsvSafety.Neutralize(first.LastName));
        Assert.Equal("'+Терапия", CsvSafety.Neutralize(first.Specialty));
        Assert.Equal("'@Пётр", CsvSafety.Neutralize(second.FirstName));
        Assert.Equal("'-1+2", CsvSafety.Neutralize(second.Specialty));
    }

    [Theory]
    [InlineData("\tcmd", "'\tcmd")]
    [InlineData("\r=1", "'\r=1")]
    [InlineData("＝1+1", "'＝1+1")]
    [InlineData("Иванов", "Иванов")]
    [InlineData("a=b", "a=b")]
    [InlineData("", "")]
    [InlineData(null, "")]
    public void Neutralize_prefixes_only_what_a_spreadsheet_would_run(string? value, string expected)
    {
        Assert.Equal(expected, CsvSafety.Neutralize(value));
    }
}
