using Nmo.Core.Messaging;
using Nmo.Core.Storage;

namespace Nmo.Core.Plan;

/// <summary>
/// Hands on what follows a credit (the notice e-mail and the outbound credit record) once per ledger entry. Run
/// again after a crash or a retried request, it queues again only what was not recorded as queued; the e-mail
/// sender and downstream consumers drop repeats by the entry's stable id.
/// </summary>
public sealed class CreditEffects(ILedgerStore ledger, IMessageQueue queue, TimeProvider time)
{
    public async Task EnsureQueuedAsync(LedgerEntry entry, CancellationToken cancellationToken)
    {
        if (entry.EffectsQueuedAt is not null)
        {
            return;
        }

        await queue.SendAsync(StorageNames.Queues.CreditNotices, new CreditNoticeMessage(entry.DoctorId, entry.EntryId), cancellationToken);
        await queue.SendAsync(
            StorageNames.Queues.CreditRecords,
            new CreditRecordMessage(
                $"{entry.DoctorId}|{entry.EntryId}", entry.DoctorId, entry.Kind, entry.ActivityId, entry.ProviderId, entry.Credits, entry.CreditedAt),
            cancellationToken);

        // A lost race here only means the same messages were queued twice, which their consumers absorb.
        await ledger.TryReplaceAsync(entry with { EffectsQueuedAt = time.GetUtcNow() }, cancellationToken);
    }
}
