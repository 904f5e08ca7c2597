using System.Reflection;
using System.Text.Json;
using Nmo.Core.Attendance;
using Nmo.Core.Common;
using Nmo.Core.Email;
using Nmo.Core.Localization;

namespace Nmo.Core.Tests.Attendance;

public sealed class IssueCodeTests
{
    public static TheoryData<string> Codes() =>
    [
        .. typeof(IssueCodes).GetFields(BindingFlags.Public | BindingFlags.Static).Where(f => f.IsLiteral).Select(f => (string)f.GetRawConstantValue()!),
        EmailAddress.Missing, EmailAddress.Invalid, EmailAddress.Undeliverable, Snils.Invalid, Snils.Checksum,
        UploadEmailReport.FailedCode, UploadEmailReport.BouncedCode, UploadEmailReport.DroppedCode,
    ];

    [Theory]
    [MemberData(nameof(Codes))]
    public void Issue_codes_are_spelt_like_problem_codes(string code) =>
        Assert.Matches(@"^[a-z]+(-[a-z]+)*(\.[a-z]+(-[a-z]+)*)+$", code);

    [Theory]
    [MemberData(nameof(Codes))]
    public void Every_issue_code_has_words_in_both_languages(string code)
    {
        var ru = AttendanceTexts.Describe(new FileIssue(code, ["x", "y", "z"]), Language.Ru);
        var en = AttendanceTexts.Describe(new FileIssue(code, ["x", "y", "z"]), Language.En);

        Assert.DoesNotContain(code, ru, StringComparison.Ordinal);
        Assert.DoesNotContain(code, en, StringComparison.Ordinal);
        Assert.NotEqual(ru, en);
    }

    [Theory]
    [InlineData("field.too_long", "field.too-long", "значение длиннее 200 символов")]
    [InlineData("attendance.minutes_below", "attendance.minutes-below", "присутствие 200 мин, а для мероприятия нужно не меньше 45 мин")]
    [InlineData("attendance.share_below", "attendance.share-below", "присутствие 200 мероприятия, а нужно не меньше 45")]
    [InlineData("row.already_issued", "row.already-issued", "этому участнику уже выдан код за это мероприятие")]
    public void A_row_issue_stored_with_an_old_spelling_reads_as_todays_code_and_words(string stored, string code, string words)
    {
        // What the upload store does with a row of the UploadRows table: the stored code goes into the constructor.
        var issue = new RowIssue(5, "Email", RowIssueKind.Invalid, stored, ["200", "45"]);

        Assert.Equal(code, issue.Code);
        Assert.Equal(words, AttendanceTexts.Describe(issue, Language.Ru));
    }

    [Fact]
    public void File_issues_stored_as_json_with_old_spellings_read_as_todays_codes_and_words()
    {
        // The upload record keeps its warnings and problems as JSON (web defaults), as written before the rename.
        const string stored = """[{"code":"file.too_large","args":["1","1048576"]},{"code":"file.unterminated_quote","args":["7"]},{"code":"file.no_rows","args":[]}]""";

        var issues = JsonSerializer.Deserialize<FileIssue[]>(stored, new JsonSerializerOptions(JsonSerializerDefaults.Web))!;

        Assert.Equal(["file.too-large", "file.unterminated-quote", "file.no-rows"], issues.Select(i => i.Code));
        Assert.Equal("файл больше 1 МБ", AttendanceTexts.Describe(issues[0], Language.Ru));
        Assert.StartsWith("a quote opened on line 7", AttendanceTexts.Describe(issues[1], Language.En), StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("column.missing", "last_name", "нет столбца «Фамилия»")]
    [InlineData("column.missing", "first_name", "нет столбца «Имя»")]
    [InlineData("column.missing", "attendance", "нет столбца с присутствием (минуты или доля), а он нужен для порога присутствия мероприятия")]
    [InlineData("column.missing", "snils", "нет столбца «snils»")]
    [InlineData("name.missing", "last_name", "не указана фамилия")]
    [InlineData("name.missing", "first_name", "не указано имя")]
    [InlineData("name.missing", "name", "не указаны фамилия и имя")]
    public void The_first_argument_picks_the_wording_of_a_missing_name_or_column(string code, string arg, string words) =>
        Assert.Equal(words, AttendanceTexts.Describe(new FileIssue(code, [arg]), Language.Ru));

    [Fact]
    public void A_file_issue_written_today_is_stored_in_todays_spelling()
    {
        var json = JsonSerializer.Serialize(new FileIssue(IssueCodes.FileTooLarge, ["1", "1048576"]), new JsonSerializerOptions(JsonSerializerDefaults.Web));

        Assert.Equal("""{"code":"file.too-large","args":["1","1048576"]}""", json);
    }
}
