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
    public Task EnsureQueuedAsync(LedgerEntry entry, CancellationToken cancellationToken) =>
        EnsureQueuedAsync(entry, static () => Task.CompletedTask, cancellationToken);

    /// <param name="beforeMark">
    /// What must be stored before the effects are recorded as queued (the audit of the credit), run alongside the
    /// sends: until the mark, a retry does all of it again.
    /// </param>
    public async Task EnsureQueuedAsync(LedgerEntry entry, Func<Task> beforeMark, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(entry);
        ArgumentNullException.ThrowIfNull(beforeMark);
        if (entry.EffectsQueuedAt is not null)
        {
            await beforeMark();
            return;
        }

        // The two messages are independent (their consumers drop repeats by the entry's id): sent together.
        await Task.WhenAll(
            beforeMark(),
            queue.SendAsync(StorageNames.Queues.CreditNotices, new CreditNoticeMessage(entry.DoctorId, entry.EntryId), cancellationToken),
            queue.SendAsync(
                StorageNames.Queues.CreditRecords,
                new CreditRecordMessage(
                    $"{entry.DoctorId}|{entry.EntryId}", entry.DoctorId, entry.Kind, entry.ActivityId, entry.ProviderId, entry.Credits, entry.CreditedAt),
                cancellationToken));

        // A lost race here only means the same messages were queued twice, which their consumers absorb.
        await ledger.TryReplaceAsync(entry with { EffectsQueuedAt = time.GetUtcNow() }, cancellationToken);
    }
}
