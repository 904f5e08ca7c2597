using Microsoft.Extensions.Logging;
using Nmo.Core.Common;
using Nmo.Core.Localization;
using Nmo.Core.Messaging;
using Nmo.Core.Codes;
using Nmo.Core.Events;
using Nmo.Core.Plan;
using Nmo.Core.Storage;
using Nmo.Core.Uploads;

namespace Nmo.Core.Email;

/// <summary>
/// Sends the credit notice of one ledger entry (or, for a reversal, the notice that a credit was taken back) once, even when two deliveries of its message run at the same
/// time: the notice's key is claimed in the e-mail state store before sending, and the ledger entry records when
/// the notice went out.
/// </summary>
public sealed class CreditNotifier(
    ILedgerStore ledger,
    IAttendeeStore attendees,
    IEmailStateStore states,
    EducationPlanService plan,
    EmailTemplates templates,
    IEmailSender sender,
    IMessageQueue queue,
    EmailDeliveryOptions delivery,
    TimeProvider time,
    ILogger<CreditNotifier> logger)
{
    public const string KeyPrefix = "credit-";

    public async Task SendAsync(CreditNoticeMessage message, CancellationToken cancellationToken)
    {
        var entries = await ledger.ListAsync(message.DoctorId, cancellationToken);
        var entry = entries.FirstOrDefault(e => e.EntryId == message.EntryId);
        if (entry is null || entry.NoticeSentAt is not null)
        {
            logger.LogInformation("Credit notice {EntryId}: nothing to send.", message.EntryId);
            return;
        }

        var key = await KeyAsync(entry, cancellationToken);
        var now = time.GetUtcNow();
        var claim = new EmailClaim(Ids.New("claim"), now, now - delivery.ClaimTimeout);
        switch (await states.ClaimAsync(key, claim, cancellationToken))
        {
            case EmailClaimResult.Done done:
                logger.LogInformation("Credit notice {EntryId}: already {Status}.", message.EntryId, done.Status);
                await MarkSentAsync(entry, cancellationToken);
                return;
            case EmailClaimResult.HeldElsewhere:
                // As for certificates (CertificateMailer): looked at again once the other claim is surely stale,
                // without spending this message's attempts meanwhile.
                await queue.SendAsync(StorageNames.Queues.CreditNotices, message, delivery.StaleClaimRecheck, cancellationToken);
                logger.LogInformation("Credit notice {EntryId}: held by another delivery, looked at again in {Delay}.", message.EntryId, delivery.StaleClaimRecheck);
                return;
            case EmailClaimResult.Claimed claimed:
                await SendClaimedAsync(entry, entries, key, claimed.ETag, cancellationToken);
                return;
        }
    }

    /// <summary>
    /// The notice's e-mail key: stable for one ledger entry, and one entry's only. Ids may contain '-' but never
    /// '|', and an entry id is <c>kind|activity</c>, so the key reads back one way only.
    /// </summary>
    public static string NoticeKey(string doctorId, string entryId) => $"{KeyPrefix}{doctorId}|{entryId}";

    /// <summary>
    /// The key notices had before: <c>doctor-kind-activity</c>, where doctor "a-event" with activity "x" and doctor
    /// "a" with activity "event-x" meet. Still read, so a notice claimed or sent under it is not sent again.
    /// </summary>
    public static string LegacyNoticeKey(string doctorId, string entryId) => $"{KeyPrefix}{doctorId}-{entryId.Replace('|', '-')}";

    /// <summary>
    /// The legacy key when a state was recorded under it (a message queued before the change), else the key. Only an
    /// entry written before the change can have one: for the others nothing is read, and a state another doctor's
    /// notice left under the same legacy key holds nothing back.
    /// </summary>
    private async Task<string> KeyAsync(LedgerEntry entry, CancellationToken cancellationToken)
    {
        if (entry.Format >= LedgerEntry.CurrentFormat)
        {
            return NoticeKey(entry.DoctorId, entry.EntryId);
        }

        var legacy = LegacyNoticeKey(entry.DoctorId, entry.EntryId);
        return await states.FindAsync(legacy, cancellationToken) is not null ? legacy : NoticeKey(entry.DoctorId, entry.EntryId);
    }

    private async Task SendClaimedAsync(LedgerEntry entry, IReadOnlyList<LedgerEntry> entries, string key, string etag, CancellationToken cancellationToken)
    {
        var report = plan.Build(entry.DoctorId, entries);
        var name = entry.DoctorName ?? await AttendeeNameAsync(entry, cancellationToken);
        var model = new CreditNoticeModel(
            entry.Title, entry.Kind, entry.ProviderName, entry.Credits, entry.CreditedAt, entry.MaskedCode,
            report.Totals.Events, report.Totals.Modules, report.Totals.Total,
            report.Targets.Events, report.Targets.Modules, report.Targets.Total, report.Cycle.Start, report.Cycle.End, DoctorName: name,
            Reason: entry.Reason);

        // A reversal's notice says the credit was taken back, and why; its key is the reversal entry's own.
        var reversal = entry.ReversalOf is not null;
        var language = Languages.Parse(entry.Language);
        var batch = new EmailBatch(
            reversal ? EmailTemplates.CreditReversalTemplate : EmailTemplates.CreditNoticeTemplate,
            reversal ? templates.CreditReversal(model, language) : templates.CreditNotice(model, language),
            [new EmailRecipient(key, entry.Email, name ?? string.Empty, EmailTemplates.CreditNoticeValues(name))]);
        var result = await sender.SendAsync(batch, cancellationToken);
        if (result.Failures.FirstOrDefault(f => !f.Permanent) is { } transient)
        {
            // Released at once, so the retried message need not wait for the claim to go stale.
            await states.RecordAsync(key, etag, EmailStatus.Queued, null, transient.Reason, cancellationToken);
            throw new EmailDeliveryException($"Credit notice {entry.EntryId} not accepted yet: {LogMask.Redact(transient.Reason)}");
        }

        var failure = result.Failures.FirstOrDefault();
        var status = failure is null ? EmailStatus.Sent : EmailStatus.Failed;
        await states.RecordAsync(key, etag, status, failure is null ? time.GetUtcNow() : null, failure?.Reason, cancellationToken);
        await MarkSentAsync(entry, cancellationToken);
        logger.LogInformation("Credit notice for {EntryId} to {Email}: {Outcome}.", entry.EntryId, LogMask.Email(entry.Email),
            failure is null ? "sent" : "failed: " + LogMask.Redact(failure.Reason));
    }

    /// <summary>
    /// The name on the attendance list, when the credit is for an event and the doctor's e-mail is an attendee's
    /// there. The doctor's id is never a greeting: it means nothing to a person.
    /// </summary>
    private async Task<string?> AttendeeNameAsync(LedgerEntry entry, CancellationToken cancellationToken)
    {
        if (entry.Kind != ActivityKinds.Event)
        {
            return null;
        }

        var attendee = (await attendees.GetManyAsync(entry.ActivityId, [CodeReissueService.AttendeeKeyFor(entry.Email)], cancellationToken)).FirstOrDefault();
        return attendee is not null && string.Equals(attendee.Email.Trim(), entry.Email.Trim(), StringComparison.OrdinalIgnoreCase) && !string.IsNullOrWhiteSpace(attendee.FullName)
            ? attendee.FullName
            : null;
    }

    private async Task MarkSentAsync(LedgerEntry entry, CancellationToken cancellationToken)
    {
        for (var attempt = 0; attempt < 10 && entry.NoticeSentAt is null; attempt++)
        {
            if (await ledger.TryReplaceAsync(entry with { NoticeSentAt = time.GetUtcNow() }, cancellationToken))
            {
                return;
            }

            entry = await ledger.FindAsync(entry.DoctorId, entry.EntryId, cancellationToken) ?? entry with { NoticeSentAt = DateTimeOffset.MinValue };
        }
    }
}
