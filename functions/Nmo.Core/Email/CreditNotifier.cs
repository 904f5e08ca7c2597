using Microsoft.Extensions.Logging;
using Nmo.Core.Localization;
using Nmo.Core.Messaging;
using Nmo.Core.Plan;

namespace Nmo.Core.Email;

/// <summary>Sends the credit notice of one ledger entry, once: the entry records when its notice went out.</summary>
public sealed class CreditNotifier(
    ILedgerStore ledger,
    EducationPlanService plan,
    EmailTemplates templates,
    IEmailSender sender,
    TimeProvider time,
    ILogger<CreditNotifier> logger)
{
    public async Task SendAsync(CreditNoticeMessage message, CancellationToken cancellationToken)
    {
        var entries = await ledger.ListAsync(message.DoctorId, cancellationToken);
        var entry = entries.FirstOrDefault(e => e.EntryId == message.EntryId);
        if (entry is null || entry.NoticeSentAt is not null)
        {
            logger.LogInformation("Credit notice {EntryId}: nothing to send.", message.EntryId);
            return;
        }

        var report = plan.Build(message.DoctorId, entries);
        var model = new CreditNoticeModel(
            entry.Title, entry.Kind, entry.ProviderName, entry.Credits, entry.CreditedAt, entry.MaskedCode,
            report.Totals.Events, report.Totals.Modules, report.Totals.Total,
            report.Targets.Events, report.Targets.Modules, report.Targets.Total, report.Cycle.Start, report.Cycle.End);
        var key = $"credit-{entry.DoctorId}-{entry.EntryId.Replace('|', '-')}";
        var batch = new EmailBatch(
            "credit-notice",
            templates.CreditNotice(model, Languages.Parse(entry.Language)),
            [new EmailRecipient(key, entry.Email, entry.DoctorId, EmailTemplates.CreditNoticeValues(entry.DoctorId))]);
        var result = await sender.SendAsync(batch, cancellationToken);
        if (result.Failures.Any(f => !f.Permanent))
        {
            throw new EmailDeliveryException($"Credit notice {message.EntryId} not accepted yet: {result.Failures[0].Reason}");
        }

        await ledger.TryReplaceAsync(entry with { NoticeSentAt = time.GetUtcNow() }, cancellationToken);
        logger.LogInformation("Credit notice for {EntryId} to {Email}: {Outcome}.", entry.EntryId, LogMask.Email(entry.Email),
            result.Failures.Count == 0 ? "sent" : "failed: " + result.Failures[0].Reason);
    }
}
