using Nmo.Core.Attendance;
using Nmo.Core.Uploads;

namespace Nmo.Core.Email;

/// <summary>
/// What the upload status shows about its certificates beside their counts (which are tallied with the outcomes,
/// <see cref="ICertificateStateStore.TallyAsync"/>): a line per certificate that could not be delivered (with the
/// mail service's reason), so the provider can correct the address.
/// </summary>
public sealed class UploadEmailReport(IUploadStore uploads)
{
    /// <summary>Codes of the upload status lines for certificates that did not reach the attendee.</summary>
    public const string FailedCode = "email.failed";
    public const string BouncedCode = "email.bounced";
    public const string DroppedCode = "email.dropped";

    /// <summary>One status line per attendee whose certificate failed, on the attendee's line of the file.</summary>
    public Task AddFailuresAsync(string uploadId, IEnumerable<(AttendeeRecord Attendee, string Status, string? Reason)> failures, CancellationToken cancellationToken)
    {
        var issues = failures.Select(f => new RowIssue(
            f.Attendee.Line,
            string.Empty,
            RowIssueKind.Invalid,
            f.Status switch
            {
                EmailStatus.Bounced => BouncedCode,
                EmailStatus.Dropped => DroppedCode,
                _ => FailedCode,
            },
            [LogMask.Redact(f.Reason)])).ToList();
        return issues.Count == 0 ? Task.CompletedTask : uploads.AddIssuesAsync(uploadId, issues, cancellationToken);
    }
}
