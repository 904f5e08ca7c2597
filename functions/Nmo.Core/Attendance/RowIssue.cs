namespace Nmo.Core.Attendance;

/// <summary>One rejected row. <see cref="Code"/> is stable (for programs); <see cref="AttendanceTexts"/> turns it into words.</summary>
/// <param name="Line">Physical line of the file where the row starts (1-based, as an editor counts, the header included).</param>
/// <param name="Column">The header as the provider wrote it, or empty when the issue is about the whole row.</param>
/// <param name="Code">One of <see cref="IssueCodes"/>; an old stored spelling reads as today's.</param>
public sealed record RowIssue(int Line, string Column, RowIssueKind Kind, string Code, IReadOnlyList<string> Args)
{
    public string Code { get; init; } = IssueCodes.Canonical(Code);
}
