using Nmo.Core.Attendance;
using Nmo.Core.Localization;

namespace Nmo.Core.Uploads;

/// <summary>
/// A validation report as providers read it, in their language: what <c>nmo validate --json</c> prints and
/// what the upload status shows for the same file. Reasons that refuse the file come first in <see cref="Errors"/>.
/// </summary>
public sealed record ValidationView(
    string Encoding,
    string Delimiter,
    int Rows,
    int Accepted,
    int Rejected,
    IReadOnlyList<RowIssueView> Errors,
    IReadOnlyList<string> Warnings)
{
    public static ValidationView From(ValidationReport report, Language language) => new(
        report.Encoding,
        report.Delimiter,
        report.Rows,
        report.Accepted,
        report.Rejected,
        [.. report.Problems.Select(p => RowIssueView.From(p, language)), .. report.Errors.Select(e => RowIssueView.From(e, language))],
        [.. report.Warnings.Select(w => AttendanceTexts.Describe(w, language))]);
}
