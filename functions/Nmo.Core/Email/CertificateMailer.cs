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
    public async Task SendAsync(CertificateEmailMessage message, CancellationToken cancellationToken)
    {
        var ev = await events.FindAsync(message.EventId, cancellationToken)
            ?? throw new InvalidOperationException($"Event {message.EventId} not found for upload {message.UploadId}.");
        var stored = await attendees.GetManyAsync(message.EventId, message.AttendeeKeys, cancellationToken);
        var toSend = stored.Where(a => a.CertificateStatus == CertificateStatus.Queued).ToList();
        if (toSend.Count == 0)
        {
            logger.LogInformation("Certificates of upload {UploadId}: nothing left to send ({Count} already handled).", message.UploadId, stored.Count);
            return;
        }

        var model = new CertificateModel(ev.Title, ev.StartDate, ev.EndDate, ev.Place, ev.ProviderName, ev.Credits, options.PortalUrl);
        var sent = 0;
        var failed = 0;
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
            var now = time.GetUtcNow();
            var updates = result.SentKeys.Select(k => new CertificateUpdate(byKey[k], CertificateStatus.Sent, now, null))
                .Concat(result.Failures.Where(f => f.Permanent).Select(f => new CertificateUpdate(byKey[f.Key], CertificateStatus.Failed, null, f.Reason)))
                .ToList();
            await attendees.UpdateCertificatesAsync(message.EventId, updates, cancellationToken);
            sent += result.SentKeys.Count;
            failed += result.Failures.Count(f => f.Permanent);

            var transient = result.Failures.Where(f => !f.Permanent).ToList();
            if (transient.Count > 0)
            {
                await CountAsync(message.UploadId, sent, failed, cancellationToken);
                throw new EmailDeliveryException(
                    $"{transient.Count} certificate(s) of upload {message.UploadId} not accepted yet: {transient[0].Reason}");
            }
        }

        await CountAsync(message.UploadId, sent, failed, cancellationToken);
        logger.LogInformation("Certificates of upload {UploadId}: {Sent} sent, {Failed} failed.", message.UploadId, sent, failed);
    }

    /// <summary>
    /// Stable per certificate, that is per code: sending one certificate again keeps its key (and is dropped as a
    /// repeat), while a re-issued certificate carries a new code and so a new key.
    /// </summary>
    public static string CertificateKey(AttendeeRecord attendee) =>
        $"cert-{attendee.EventId}-{attendee.AttendeeKey}-{attendee.CodeHash[..Math.Min(12, attendee.CodeHash.Length)]}";

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
