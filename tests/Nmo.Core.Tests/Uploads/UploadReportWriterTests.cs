using System.Text;
using Nmo.Core.Attendance;
using Nmo.Core.Common;
using Nmo.Core.Localization;
using Nmo.Core.Uploads;

namespace Nmo.Core.Tests.Uploads;

public sealed class UploadReportWriterTests
{
    private const string File = "Фамилия;Имя;Email;Минуты\r\n" +
        "Антонов;Андрей;antonov@clinic.example;90\r\n" +
        "Белова;Светлана;belova@clinic;90\r\n" +
        "=HYPERLINK(\"x\");Пётр;petrov@clinic.example;30\r\n" +
        "Гусев;Михаил;gusev@clinic.example;90\r\n" +
        "Зайцев;Роман;ANTONOV@clinic.example;90\r\n";

    [Fact]
    public async Task Every_row_gets_its_outcome_in_line_order_with_Russian_header_BOM_and_semicolons()
    {
        // What processing stored: a bad e-mail, a threshold miss, one attendee holding a code from another upload, a repeat.
        RowIssue[] stored =
        [
            new(3, "Email", RowIssueKind.Invalid, EmailAddress.Invalid, []),
            new(4, "Минуты", RowIssueKind.NotEligible, "attendance.minutes-below", ["30", "60"]),
            new(5, "Email", RowIssueKind.AlreadyIssued, "row.already-issued", ["upl-other"]),
            new(6, "Email", RowIssueKind.Duplicate, "row.duplicate", ["2"]),
        ];

        var bytes = await WriteAsync(File, stored, Language.Ru);

        Assert.Equal([0xEF, 0xBB, 0xBF], bytes[..3]);
        var lines = Lines(bytes);
        Assert.Equal("Строка;Результат;Столбец;Причина;ФИО;Электронная почта", lines[0]);
        Assert.Equal("2;код выдан;;;Антонов Андрей;antonov@clinic.example", lines[1]);
        Assert.Equal("3;отклонена;Email;адрес электронной почты указан с ошибкой;;", lines[2]);
        Assert.Equal("5;код уже выдан;Email;этому участнику уже выдан код за это мероприятие;Гусев Михаил;gusev@clinic.example", lines[4]);
        Assert.Equal("6;повтор;Email;этот участник (адрес почты) уже есть в строке 2;;", lines[5]);
        Assert.Equal(6, lines.Count);
    }

    [Fact]
    public async Task Formula_like_names_are_neutralised_and_quoted_so_a_spreadsheet_shows_them_as_text()
    {
        RowIssue[] stored = [new(4, "Минуты", RowIssueKind.NotEligible, "attendance.minutes-below", ["30", "60"])];

        var lines = Lines(await WriteAsync(File, stored, Language.Ru));

        Assert.StartsWith("4;не допущен;Минуты;\"присутствие 30 мин, ", lines[3], StringComparison.Ordinal);
        Assert.EndsWith(";\"'=HYPERLINK(\"\"x\"\") Пётр\";petrov@clinic.example", lines[3], StringComparison.Ordinal);
    }

    [Fact]
    public async Task English_report_has_English_header_outcomes_and_reasons()
    {
        RowIssue[] stored = [new(3, "Email", RowIssueKind.Invalid, EmailAddress.Invalid, [])];

        var lines = Lines(await WriteAsync(File, stored, Language.En));

        Assert.Equal("Line;Outcome;Column;Reason;Name;E-mail", lines[0]);
        Assert.Equal("2;issued;;;Антонов Андрей;antonov@clinic.example", lines[1]);
        Assert.Equal("3;rejected;Email;the e-mail address is not valid;;", lines[2]);
    }

    [Fact]
    public async Task A_stored_issue_the_file_no_longer_shows_is_still_reported()
    {
        RowIssue[] stored = [new(40, "", RowIssueKind.Invalid, "row.columns", ["4", "5", ";"])];

        var lines = Lines(await WriteAsync(File, stored, Language.Ru));

        Assert.StartsWith("40;отклонена;;", lines[^1], StringComparison.Ordinal);
        Assert.Equal(7, lines.Count);
    }

    [Theory]
    [InlineData("plain", "plain")]
    [InlineData("a;b", "\"a;b\"")]
    [InlineData("say \"hi\"", "\"say \"\"hi\"\"\"")]
    [InlineData("two\nlines", "\"two\nlines\"")]
    [InlineData("+7 900", "'+7 900")]
    [InlineData("@sum", "'@sum")]
    [InlineData(null, "")]
    public void Fields_are_escaped_for_a_semicolon_CSV(string? value, string expected) =>
        Assert.Equal(expected, UploadReportWriter.Field(value));

    private static async Task<byte[]> WriteAsync(string file, RowIssue[] stored, Language language)
    {
        using var input = new MemoryStream(Encoding.UTF8.GetBytes(file));
        using var attendance = AttendanceReader.Open(input, new AttendanceRules());
        using var output = new MemoryStream();
        await UploadReportWriter.WriteAsync(output, attendance.Rows(), stored.ToAsyncEnumerable(), language, CancellationToken.None);
        return output.ToArray();
    }

    private static List<string> Lines(byte[] bytes)
    {
        var text = new UTF8Encoding(false).GetString(bytes, 3, bytes.Length - 3);
        Assert.EndsWith("\r\n", text, StringComparison.Ordinal);
        return [.. text[..^2].Split("\r\n")];
    }
}
