using Microsoft.Extensions.Logging;
using Nmo.Core.Certificates;
using Nmo.Core.Codes;
using Nmo.Core.Common;
using Nmo.Core.Events;
using Nmo.Core.Localization;
using Nmo.Core.Messaging;
using Nmo.Core.Storage;
using Nmo.Core.Telemetry;

namespace Nmo.Core.Email;

/// <summary>
/// Sends the certificates of one queue message, each once. A queue message can be delivered twice, even to two
/// instances at the same time (a lease that expired), so the mailer first claims the attendees (queued → sending,
/// conditional on each attendee's ETag: the one the processor stored, kept in the message's batch, or else the one
/// just read) and sends only what it claimed; the outcome (sent or failed, with the mail
/// service's reason) is recorded on the attendee and counted for the upload in the same transaction.
/// </summary>
public sealed class CertificateMailer(
    IEventStore events,
    ICertificateStateStore states,
    ICertificateBatchStore batches,
    CertificateIssuer certificates,
    UploadEmailReport report,
    ICodeProtector protector,
    EmailTemplates templates,
    IEmailSender sender,
    IMessageQueue queue,
    EmailOptions options,
    EmailDeliveryOptions delivery,
    TimeProvider time,
    ILogger<CertificateMailer> logger)
{
    public const string KeyPrefix = "cert-";

    public async Task SendAsync(CertificateEmailMessage message, CancellationToken cancellationToken)
    {
        var ev = await events.FindAsync(message.EventId, cancellationToken)
            ?? throw new InvalidOperationException($"Event {message.EventId} not found for upload {message.UploadId}.");
        var now = time.GetUtcNow();
        var claim = new EmailClaim(Ids.New("claim"), now, now - delivery.ClaimTimeout);
        var known = message.Batch is { } batchName ? await batches.ReadAsync(batchName, cancellationToken) : null;
        var claimed = await states.ClaimAsync(message.EventId, message.AttendeeKeys, claim, known, cancellationToken);
        if (known is not null)
        {
            // Claimed or refused, none of its versions is the stored one any more: a redelivery reads the attendees.
            await batches.DeleteAsync(message.Batch!, cancellationToken);
        }

        if (claimed.Claimed.Count == 0)
        {
            logger.LogInformation(
                "Certificates of upload {UploadId}: nothing to claim ({Held} being sent by another delivery).",
                message.UploadId, claimed.HeldElsewhere.Count);
            await DeferHeldElsewhereAsync(message, claimed, cancellationToken);
            return;
        }

        claimed = claimed with { Claimed = await certificates.EnsureIdsAsync(claimed.Claimed, cancellationToken) };
        var model = new CertificateModel(ev.Title, ev.StartDate, ev.EndDate, ev.Place, ev.ProviderName, ev.Credits, options.PortalUrl);
        var sent = 0;
        var failed = 0;
        foreach (var group in claimed.Claimed.GroupBy(c => Languages.Parse(c.Attendee.Language)))
        {
            var byKey = group.ToDictionary(c => CertificateKey(c.Attendee), StringComparer.Ordinal);
            var batch = new EmailBatch(
                EmailTemplates.CertificateTemplate,
                templates.Certificate(model, group.Key),
                [.. byKey.Select(kv => new EmailRecipient(
                    kv.Key, kv.Value.Attendee.Email, kv.Value.Attendee.FullName,
                    EmailTemplates.CertificateValues(
                        kv.Value.Attendee.FullName,
                        protector.Unprotect(kv.Value.Attendee.ProtectedCode),
                        certificates.VerificationUrl(kv.Value.Attendee.CertificateId!),
                        certificates.HolderPdfUrl(kv.Value.Attendee.CertificateId!))))]);
            var result = await sender.SendAsync(batch, cancellationToken);
            var at = time.GetUtcNow();

            // A failure that may pass (throttling, an outage) leaves the certificate claimed: the retried message
            // re-claims it once the claim is stale, or at once through the retry below, which releases it.
            var outcomes = result.SentKeys.Select(k => new CertificateOutcome(byKey[k], EmailStatus.Sent, at, null))
                .Concat(result.Failures.Select(f => f.Permanent
                    ? new CertificateOutcome(byKey[f.Key], EmailStatus.Failed, null, f.Reason)
                    : new CertificateOutcome(byKey[f.Key], EmailStatus.Queued, null, f.Reason)))
                .ToList();
            // The reasons go first: the outcome transaction carries the counts the status derives from, so once it
            // lands the upload may read as finished, and its refused rows must already say why.
            await report.AddFailuresAsync(
                message.UploadId,
                outcomes.Where(o => o.Status == EmailStatus.Failed).Select(o => (o.Claimed.Attendee, o.Status, o.Error)),
                cancellationToken);
            var recorded = (await states.RecordAsync(message.EventId, message.UploadId, claim.ClaimId, outcomes, cancellationToken)).ToHashSet(StringComparer.Ordinal);
            var recordedOutcomes = outcomes.Where(o => recorded.Contains(o.Claimed.Attendee.AttendeeKey)).ToList();
            var groupSent = recordedOutcomes.Count(o => o.Status == EmailStatus.Sent);
            var groupFailed = recordedOutcomes.Count(o => o.Status == EmailStatus.Failed);
            sent += groupSent;
            failed += groupFailed;
            NmoMetrics.CertificatesSent.Add(groupSent);
            NmoMetrics.CertificatesFailed.Add(groupFailed);

            var transient = result.Failures.Where(f => !f.Permanent).ToList();
            if (transient.Count > 0)
            {
                throw new EmailDeliveryException(
                    $"{transient.Count} certificate(s) of upload {message.UploadId} not accepted yet: {LogMask.Redact(transient[0].Reason)}");
            }
        }

        logger.LogInformation("Certificates of upload {UploadId}: {Sent} sent, {Failed} failed.", message.UploadId, sent, failed);
        await DeferHeldElsewhereAsync(message, claimed, cancellationToken);
    }

    /// <summary>
    /// Stable per certificate, that is per code: sending one certificate again keeps its key (and is dropped as a
    /// repeat), while a re-issued certificate carries a new code and so a new key. The code's hash prefix is no
    /// secret: it cannot be turned back into the code.
    /// </summary>
    public static string CertificateKey(string eventId, string attendeeKey, string codeHash) =>
        $"{KeyPrefix}{eventId}-{attendeeKey}-{codeHash[..Math.Min(12, codeHash.Length)]}";

    public static string CertificateKey(Uploads.AttendeeRecord attendee) => CertificateKey(attendee.EventId, attendee.AttendeeKey, attendee.CodeHash);

    /// <summary>Reads a key of <see cref="CertificateKey(string, string, string)"/> back; the attendee key never holds a hyphen, the event id may.</summary>
    public static bool TryParseKey(string? key, out string eventId, out string attendeeKey) =>
        TryParseKey(key, out eventId, out attendeeKey, out _);

    /// <summary>Reads a key back with the prefix of the code hash it was sent for, which tells one issue of a certificate from its re-issue.</summary>
    public static bool TryParseKey(string? key, out string eventId, out string attendeeKey, out string codeHashPrefix)
    {
        eventId = attendeeKey = codeHashPrefix = string.Empty;
        if (key is null || !key.StartsWith(KeyPrefix, StringComparison.Ordinal))
        {
            return false;
        }

        var rest = key[KeyPrefix.Length..];
        var codePart = rest.LastIndexOf('-');
        if (codePart <= 0 || codePart == rest.Length - 1)
        {
            return false;
        }

        codeHashPrefix = rest[(codePart + 1)..];
        rest = rest[..codePart];
        var dash = rest.LastIndexOf('-');
        if (dash <= 0 || dash == rest.Length - 1)
        {
            return false;
        }

        eventId = rest[..dash];
        attendeeKey = rest[(dash + 1)..];
        return Ids.IsValid(eventId) && Ids.IsValid(attendeeKey);
    }

    /// <summary>
    /// Certificates another delivery is still sending are not this one's to send, but neither are they done: should
    /// that sender have died (a host stopped mid-send), they are taken over once its claim is stale. Retrying this
    /// message would not wait that long (five attempts a visibility timeout apart, then poison, with the certificates
    /// unsent), so they go in a message of their own that the queue hands out when the claim has gone stale.
    /// </summary>
    private async Task DeferHeldElsewhereAsync(CertificateEmailMessage message, CertificateClaimResult claimed, CancellationToken cancellationToken)
    {
        if (claimed.HeldElsewhere.Count == 0)
        {
            return;
        }

        await queue.SendAsync(
            StorageNames.Queues.Certificates,
            message with { AttendeeKeys = [.. claimed.HeldElsewhere], Batch = null },
            delivery.StaleClaimRecheck,
            cancellationToken);
        logger.LogInformation(
            "Certificates of upload {UploadId}: {Held} held by another delivery, looked at again in {Delay}.",
            message.UploadId, claimed.HeldElsewhere.Count, delivery.StaleClaimRecheck);
    }
}
