using Microsoft.Extensions.Logging;
using Nmo.Core.Codes;
using Nmo.Core.Events;
using Nmo.Core.Localization;
using Nmo.Core.Messaging;
using Nmo.Core.Uploads;

namespace Nmo.Core.Email;

/// <summary>
/// Sends the certificates of one queue message. Each attendee's certificate state is recorded on the attendee,
/// so a redelivered or replayed message sends only what has not been sent.
/// </summary>
public sealed class CertificateMailer(
    IEventStore events,
    IAttendeeStore attendees,
    IUploadStore uploads,
    ICodeProtector protector,
    EmailTemplates templates,
    IEmailSender sender,
    EmailOptions options,
    TimeProvider time,
    ILogger<CertificateMailer> logger)
{
    /// <summary>
    /// How long a delivery's claim on certificates holds. A delivery that stopped mid-way (a crashed host) keeps its
    /// claim until then, as long as the host's lease on the message it was running, after which it is sent again.
    /// </summary>
    public static readonly TimeSpan ClaimTimeout = TimeSpan.FromMinutes(10);

    public async Task SendAsync(CertificateEmailMessage message, CancellationToken cancellationToken)
    {
        var ev = await events.FindAsync(message.EventId, cancellationToken)
            ?? throw new InvalidOperationException($"Event {message.EventId} not found for upload {message.UploadId}.");
        var stored = await attendees.GetManyAsync(message.EventId, message.AttendeeKeys, cancellationToken);
        var now = time.GetUtcNow();
        bool Claimable(AttendeeRecord a) =>
            a.CertificateStatus == CertificateStatus.Queued || (a.CertificateStatus == CertificateStatus.Sending && a.ClaimedAt < now - ClaimTimeout);
        var candidates = stored.Where(Claimable).ToList();
        var elsewhere = stored.Count(a => a.CertificateStatus == CertificateStatus.Sending && !Claimable(a));
        if (candidates.Count == 0 && elsewhere == 0)
        {
            logger.LogInformation("Certificates of upload {UploadId}: nothing left to send ({Count} already handled).", message.UploadId, stored.Count);
            return;
        }

        // Two deliveries of one message can run at once (at-least-once queues): only what this one claims is sent by it.
        var toSend = candidates.Count == 0
            ? []
            : await attendees.ClaimCertificatesAsync(message.EventId, candidates, Guid.NewGuid().ToString("N"), now, cancellationToken);
        elsewhere += candidates.Count - toSend.Count;
        var unsettled = toSend.Select(a => a.AttendeeKey).ToHashSet(StringComparer.Ordinal);
        var model = new CertificateModel(ev.Title, ev.StartDate, ev.EndDate, ev.Place, ev.ProviderName, ev.Credits, options.PortalUrl);
        var sent = 0;
        var failed = 0;
        try
        {
            foreach (var group in toSend.GroupBy(a => Languages.Parse(a.Language)))
            {
                var batch = new EmailBatch(
                    "certificate",
                    templates.Certificate(model, group.Key),
                    [.. group.Select(a => new EmailRecipient(
                        CertificateKey(a), a.Email, a.FullName,
                        EmailTemplates.CertificateValues(a.FullName, protector.Unprotect(a.ProtectedCode))))]);
                var result = await sender.SendAsync(batch, cancellationToken);
                var byKey = group.ToDictionary(CertificateKey, a => a.AttendeeKey, StringComparer.Ordinal);
                var at = time.GetUtcNow();
                var updates = result.SentKeys.Select(k => new CertificateUpdate(byKey[k], CertificateStatus.Sent, at, null))
                    .Concat(result.Failures.Where(f => f.Permanent).Select(f => new CertificateUpdate(byKey[f.Key], CertificateStatus.Failed, null, f.Reason)))
                    .ToList();

                // What SendGrid accepted is recorded even when the host is stopping: otherwise it would be sent again.
                await attendees.UpdateCertificatesAsync(message.EventId, updates, CancellationToken.None);
                unsettled.ExceptWith(updates.Select(u => u.AttendeeKey));
                sent += result.SentKeys.Count;
                failed += result.Failures.Count(f => f.Permanent);

                var transient = result.Failures.Where(f => !f.Permanent).ToList();
                if (transient.Count > 0)
                {
                    throw new EmailDeliveryException(
                        $"{transient.Count} certificate(s) of upload {message.UploadId} not accepted yet: {transient[0].Reason}");
                }
            }
        }
        finally
        {
            // Claimed but not sent (a transient failure, a stop): hand them back at once for the retried message.
            if (unsettled.Count > 0)
            {
                await attendees.UpdateCertificatesAsync(
                    message.EventId, [.. unsettled.Select(k => new CertificateUpdate(k, CertificateStatus.Queued, null, null))], CancellationToken.None);
            }

            await CountAsync(message.UploadId, sent, failed, CancellationToken.None);
        }

        if (elsewhere > 0)
        {
            throw new EmailDeliveryException(
                $"{elsewhere} certificate(s) of upload {message.UploadId} are being sent by another delivery of this message; checked again on retry.");
        }

        logger.LogInformation("Certificates of upload {UploadId}: {Sent} sent, {Failed} failed.", message.UploadId, sent, failed);
    }

    /// <summary>Stable per event and attendee: the same certificate always has the same key.</summary>
    public static string CertificateKey(AttendeeRecord attendee) => $"cert-{attendee.EventId}-{attendee.AttendeeKey}";

    private async Task CountAsync(string uploadId, int sent, int failed, CancellationToken cancellationToken)
    {
        if (sent == 0 && failed == 0)
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

            if (await uploads.TryReplaceAsync(upload with { Emailed = upload.Emailed + sent, EmailFailed = upload.EmailFailed + failed }, cancellationToken))
            {
                return;
            }
        }
    }
}

/// <summary>Some messages were not accepted for a reason that may pass; the queue message is retried.</summary>
public sealed class EmailDeliveryException(string message) : Exception(message);
