using System.Globalization;
using System.Text;
using Nmo.Core.Attendance;
using Nmo.Core.Localization;

namespace Nmo.Core.Uploads;

/// <summary>
/// Writes the per-row report of a processed upload: one line per data row of the file with its outcome. Made
/// for the provider's spreadsheet: UTF-8 with a BOM (Excel reads it as UTF-8 only then), <c>;</c> between
/// values (what Excel expects in Russian locales), CRLF, and every text value neutralised against formulas.
/// </summary>
public static class UploadReportWriter
{
    public const char Delimiter = ';';

    /// <summary>The comma too: a program that guesses the delimiter must not split a value at it.</summary>
    private const string MustQuote = ";\"\r\n,";

    /// <summary>
    /// Merges the rows of the re-read file with the issues processing stored, both in line order. A row with a
    /// stored issue has that outcome; any other row of a completed upload had its code issued by this upload.
    /// Names and e-mails come from the file, where the reader could take them from the row.
    /// </summary>
    public static async Task WriteAsync(
        Stream output, IEnumerable<RowResult> rows, IAsyncEnumerable<RowIssue> issues, Language language, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(output);
        ArgumentNullException.ThrowIfNull(rows);
        ArgumentNullException.ThrowIfNull(issues);

        // The writer's own buffer keeps writes to the response body large; it is flushed at the end.
        await using var writer = new StreamWriter(output, new UTF8Encoding(encoderShouldEmitUTF8Identifier: true), 64 * 1024, leaveOpen: true) { NewLine = "\r\n" };
        await WriteLineAsync(writer, [
            Texts.Get("report.line", language), Texts.Get("report.outcome", language), Texts.Get("report.column", language),
            Texts.Get("report.reason", language), Texts.Get("report.name", language), Texts.Get("report.email", language)]);

        await using var stored = issues.GetAsyncEnumerator(cancellationToken);
        var pending = await stored.MoveNextAsync() ? stored.Current : null;
        foreach (var row in rows)
        {
            cancellationToken.ThrowIfCancellationRequested();

            // An issue for a line the second reading does not see (it should not happen) is still reported.
            while (pending is not null && pending.Line < row.Line)
            {
                await WriteIssueAsync(writer, pending, null, language);
                pending = await stored.MoveNextAsync() ? stored.Current : null;
            }

            if (pending is not null && pending.Line == row.Line)
            {
                await WriteIssueAsync(writer, pending, row.Attendee, language);
                pending = await stored.MoveNextAsync() ? stored.Current : null;
            }
            else
            {
                await WriteLineAsync(writer, [
                    Line(row.Line), Texts.Get("report.issued", language), "", "", row.Attendee?.FullName ?? "", row.Attendee?.Email.Trim() ?? ""]);
            }
        }

        while (pending is not null)
        {
            await WriteIssueAsync(writer, pending, null, language);
            pending = await stored.MoveNextAsync() ? stored.Current : null;
        }

        await writer.FlushAsync(cancellationToken);
    }

    public static string OutcomeKey(RowIssueKind kind) => kind switch
    {
        RowIssueKind.Duplicate => "report.duplicate",
        RowIssueKind.NotEligible => "report.not-eligible",
        RowIssueKind.AlreadyIssued => "report.already-issued",
        _ => "report.rejected",
    };

    /// <summary>One CSV value: neutralised (a spreadsheet must not run it), then quoted when it holds a delimiter, a quote or a line break.</summary>
    public static string Field(string? value)
    {
        var safe = CsvSafety.Neutralize(value);
        return safe.AsSpan().IndexOfAny(MustQuote) >= 0
            ? "\"" + safe.Replace("\"", "\"\"", StringComparison.Ordinal) + "\""
            : safe;
    }

    private static Task WriteIssueAsync(StreamWriter writer, RowIssue issue, Attendee? attendee, Language language) =>
        WriteLineAsync(writer, [
            Line(issue.Line), Texts.Get(OutcomeKey(issue.Kind), language), issue.Column, AttendanceTexts.Describe(issue, language),
            attendee?.FullName ?? "", attendee?.Email.Trim() ?? ""]);

    private static async Task WriteLineAsync(StreamWriter writer, string[] values)
    {
        for (var i = 0; i < values.Length; i++)
        {
            if (i > 0)
            {
                await writer.WriteAsync(Delimiter);
            }

            await writer.WriteAsync(Field(values[i]));
        }

        await writer.WriteLineAsync();
    }

    private static string Line(int line) => line.ToString(CultureInfo.InvariantCulture);
}
