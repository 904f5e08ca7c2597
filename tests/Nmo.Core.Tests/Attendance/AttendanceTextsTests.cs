using Nmo.Core.Attendance;
using Nmo.Core.Localization;

namespace Nmo.Core.Tests.Attendance;

public sealed class AttendanceTextsTests
{
    [Fact]
    public void Row_reasons_are_russian_by_default_and_english_on_request()
    {
        var issue = new RowIssue(8, "Email", RowIssueKind.Duplicate, "row.duplicate", ["2"]);

        Assert.Equal("этот участник (адрес почты) уже есть в строке 2", AttendanceTexts.Describe(issue, default));
        Assert.Equal("the same attendee (e-mail) is already on line 2", AttendanceTexts.Describe(issue, Language.En));
        Assert.Equal("Строка 8, «Email»: этот участник (адрес почты) уже есть в строке 2", AttendanceTexts.Format(issue, Language.Ru));
        Assert.StartsWith("Line 8, «Email»: ", AttendanceTexts.Format(issue, Language.En), StringComparison.Ordinal);
    }

    [Fact]
    public void File_problems_name_the_missing_column_in_both_languages()
    {
        var issue = new FileIssue("column.missing", ["email"]);

        Assert.Contains("Электронная почта", AttendanceTexts.Describe(issue, Language.Ru), StringComparison.Ordinal);
        Assert.Contains("e-mail", AttendanceTexts.Describe(issue, Language.En), StringComparison.Ordinal);
    }

    [Fact]
    public void Thresholds_and_limits_show_their_numbers()
    {
        var below = new RowIssue(3, "Минуты", RowIssueKind.NotEligible, "attendance.minutes-below", ["44", "45"]);
        var tooLarge = AttendanceReader.TooLarge(new AttendanceRules(MaxBytes: 100L * 1024 * 1024));

        Assert.Equal("присутствие 44 мин, а для мероприятия нужно не меньше 45 мин", AttendanceTexts.Describe(below, Language.Ru));
        Assert.Equal("the file is larger than 100 MB", AttendanceTexts.Describe(tooLarge, Language.En));
        Assert.Equal("файл больше 100 МБ", AttendanceTexts.Describe(tooLarge, Language.Ru));
    }

    [Fact]
    public void Every_issue_the_reader_produces_has_words_in_both_languages()
    {
        var rowIssues = new List<RowIssue>();
        var fileIssues = new List<FileIssue>();
        void Collect(byte[] bytes, AttendanceRules? rules = null)
        {
            var report = CsvFiles.Validate(bytes, rules);
            rowIssues.AddRange(report.Errors);
            fileIssues.AddRange(report.Problems);
            fileIssues.AddRange(report.Warnings);
        }

        Collect(CsvFiles.Utf8Bytes(CsvFiles.Lf(
            "Фамилия;Имя;Email;СНИЛС;Минуты;Доля присутствия;Лишний;Почта",
            ";Иван;a@clinic.example;;60;1;;",
            "Иванов;;a@clinic.example;;60;1;;",
            "Иванов;Иван;;;60;1;;",
            "Иванов;Иван;bad;;60;1;;",
            "Иванов;Иван;a@example.invalid;;60;1;;",
            "Иванов;Иван;a@clinic.example;123;60;1;;",
            "Иванов;Иван;a@clinic.example;112-233-445 96;60;1;;",
            "Иванов;Иван;a@clinic.example;;x;1;;",
            "Иванов;Иван;a@clinic.example;;;1;;",
            "Иванов;Иван;a@clinic.example;;60;x;;",
            "Иванов;Иван;a@clinic.example;;10;1;;",
            "Иванов;Иван;a@clinic.example;;60;0.1;;",
            $"Иванов;{new string('и', 300)};a@clinic.example;;60;1;;",
            "Иванов;Иван;a@clinic.example;;60;1;;;x;y",
            "Иванов;Иван;a@clinic.example;;60;1;;",
            "Иванов;Иван;a@clinic.example;;60;1;;")), new AttendanceRules(MinAttendanceMinutes: 30, MinPresenceShare: 0.5m));
        Collect(CsvFiles.Utf8Bytes(CsvFiles.Lf("ФИО;Email", "Иванов;a@clinic.example")));
        Collect([]);
        Collect([0, 1, 2, 3]);
        Collect([(byte)'P', (byte)'K', 3, 4]);
        Collect(CsvFiles.Utf8Bytes(CsvFiles.Lf("Name;Город", "x;y")));
        Collect(CsvFiles.Utf8Bytes("ФИО;Email\n"));
        Collect(CsvFiles.Utf8Bytes("ФИО;Email\n\"Иванов;a@clinic.example\n"));
        Collect(CsvFiles.Utf8Bytes("ФИО;Email\nИванов Иван;a@clinic.example\n"), new AttendanceRules(MaxBytes: 10));
        Collect(CsvFiles.Utf8Bytes("ФИО;Email\nИванов Иван;a@clinic.example\n"), new AttendanceRules(MinAttendanceMinutes: 1));
        Collect(CsvFiles.Utf8Bytes("ФИО;Email\nИванов Иван;a@clinic.example\n"), new AttendanceRules(MinPresenceShare: 0.1m));
        Collect(CsvFiles.Utf8Bytes("ФИО;Email\nИванов Иван;a@clinic.example\n"), new AttendanceRules(MinPresenceShare: 0.1m, MinAttendanceMinutes: 1));
        Collect(CsvFiles.Utf8Bytes("Фамилия;Email\nИванов;a@clinic.example\n"));
        Collect(CsvFiles.Utf8Bytes("Имя;Email\nИван;a@clinic.example\n"));
        Collect(CsvFiles.Utf8Bytes("Список участников\n\nФИО;Email\nИванов Иван;a@clinic.example\n"));
        Collect(CsvFiles.Utf8Bytes("Город;Телефон\nТверь;+7 900 000-00-00\n"));

        var rowCodes = rowIssues.Select(i => i.Code).Distinct().ToList();
        var fileCodes = fileIssues.Select(i => i.Code).Distinct().ToList();
        Assert.True(rowCodes.Count >= 14, string.Join(", ", rowCodes));
        Assert.True(fileCodes.Count >= 11, string.Join(", ", fileCodes));
        foreach (var language in new[] { Language.Ru, Language.En })
        {
            foreach (var issue in rowIssues)
            {
                var text = AttendanceTexts.Describe(issue, language);
                Assert.DoesNotContain(issue.Code, text, StringComparison.Ordinal);
                Assert.Equal(language == Language.Ru, text.Any(c => c is >= 'а' and <= 'я'));
            }

            foreach (var issue in fileIssues)
            {
                var text = AttendanceTexts.Describe(issue, language);
                Assert.DoesNotContain(issue.Code, text, StringComparison.Ordinal);
                Assert.False(string.IsNullOrWhiteSpace(text));
            }
        }
    }
}
