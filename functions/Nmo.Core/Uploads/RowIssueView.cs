using Nmo.Core.Attendance;
using Nmo.Core.Localization;

namespace Nmo.Core.Uploads;

/// <summary>A rejected row as the upload status and <c>nmo validate</c> show it: where, what kind, and why in words.</summary>
public sealed record RowIssueView(int Line, string Column, string Kind, string Reason)
{
    public static RowIssueView From(RowIssue issue, Language language) =>
        new(issue.Line, issue.Column, KindName(issue.Kind), AttendanceTexts.Describe(issue, language));

    public static string KindName(RowIssueKind kind) => kind switch
    {
        RowIssueKind.Duplicate => "duplicate",
        RowIssueKind.NotEligible => "not-eligible",
        RowIssueKind.AlreadyIssued => "already-issued",
        _ => "invalid",
    };
}
