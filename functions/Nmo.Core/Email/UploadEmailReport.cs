using Nmo.Core.Attendance;
using Nmo.Core.Uploads;

namespace Nmo.Core.Email;

/// <summary>
/// What the upload status shows about its certificates: the e-mailed and failed counts, and a line per certificate
/// that could not be delivered (with the mail service's reason), so the provider can correct the address.
/// </summary>
public sealed class UploadEmailReport(IUploadStore uploads)
{
    /// <summary>Codes of the upload status lines for certificates that did not reach the attendee.</summary>
    public const string FailedCode = "email.failed";
    public const string BouncedCode = "email.bounced";
    public const string DroppedCode = "email.dropped";

    /// <summary>Adds to the counts, retrying on the upload's ETag: the processor and other senders update it too.</summary>
    public async Task CountAsync(string uploadId, int emailed, int failed, CancellationToken cancellationToken)
    {
        if (emailed == 0 && failed == 0)
        {
            return;
        }

        for (var attempt = 0; attempt < 50; attempt++)
        {
            var upload = await uploads.FindAsync(uploadId, cancellationToken);
            if (upload is null)
            {
                return;
            }

            var changed = upload with
            {
                Emailed = Math.Max(0, upload.Emailed + emailed),
                EmailFailed = Math.Max(0, upload.EmailFailed + failed),
            };
            if (await uploads.TryReplaceAsync(changed, cancellationToken))
            {
                return;
            }
        }

        throw new InvalidOperationException($"Upload {uploadId} kept changing; its e-mail counts were not updated.");
    }

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
