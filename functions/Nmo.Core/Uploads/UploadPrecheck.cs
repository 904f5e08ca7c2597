using Nmo.Core.Attendance;
using Nmo.Core.Localization;

namespace Nmo.Core.Uploads;

/// <summary>
/// What <c>POST /api/events/{eventId}/attendance?dryRun=true</c> answers: the counts, rejected rows and warnings the
/// upload status would show for the same file, and whether an upload of it would be accepted at all.
/// </summary>
public sealed record UploadPrecheck(
    string EventId,
    bool DryRun,
    bool Usable,
    string Encoding,
    string Delimiter,
    int Rows,
    int Accepted,
    int Rejected,
    IReadOnlyList<RowIssueView> Errors,
    IReadOnlyList<string> Warnings,
    IReadOnlyList<string> Reasons)
{
    public static UploadPrecheck From(string eventId, ValidationReport report, Language language)
    {
        ArgumentNullException.ThrowIfNull(report);
        var view = ValidationView.From(report, language);
        return new(
            eventId, DryRun: true, report.Usable, view.Encoding, view.Delimiter, view.Rows, view.Accepted, view.Rejected, view.Errors,
            view.Warnings, [.. report.Problems.Select(p => AttendanceTexts.Describe(p, language))]);
    }
}
