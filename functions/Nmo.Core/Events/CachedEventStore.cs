using System.Collections.Concurrent;

namespace Nmo.Core.Events;

/// <summary>
/// The event store, with a short-lived copy of each event for the activation path (<see cref="Recent"/>), which reads
/// an event for every activation although events rarely change. Every other reader reads through, unchanged.
/// </summary>
/// <remarks>
/// Why a copy up to <see cref="TimeToLive"/> old is safe for activation: once codes exist for an event, what its
/// certificates and credits state (kind, credits, dates) is frozen (<see cref="EventService"/>), and an activation
/// only ever concerns an event with codes; only wording (title, place) can still change. A change saved through
/// this instance drops the copy at once; other instances see it when their copy expires, so a ledger entry written
/// there within <see cref="TimeToLive"/> of a wording correction may carry the previous title. A save that loses
/// its race drops the copy too, since the stored version then differs from any copy taken before.
/// </remarks>
public sealed class CachedEventStore(IEventStore inner, TimeProvider time) : IEventStore
{
    public static readonly TimeSpan TimeToLive = TimeSpan.FromSeconds(30);

    // Past this many copies, expired ones are dropped on the next miss: the cache never outgrows the active events.
    private const int SweepAbove = 10_000;

    private readonly ConcurrentDictionary<string, Entry> copies = new(StringComparer.Ordinal);
    private readonly ConcurrentDictionary<string, long> generations = new(StringComparer.Ordinal);
    private readonly Lock gate = new();

    /// <summary>The same store whose reads may answer from a copy up to <see cref="TimeToLive"/> old.</summary>
    public IEventStore Recent => field ??= new RecentView(this);

    public Task<EventRecord?> FindAsync(string eventId, CancellationToken cancellationToken) => inner.FindAsync(eventId, cancellationToken);

    public async Task<string?> TrySaveAsync(EventRecord record, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(record);
        Invalidate(record.EventId);
        try
        {
            return await inner.TrySaveAsync(record, cancellationToken);
        }
        finally
        {
            // Also after: a read that started before the save must not put the old version back.
            Invalidate(record.EventId);
        }
    }

    private async Task<EventRecord?> FindRecentAsync(string eventId, CancellationToken cancellationToken)
    {
        var now = time.GetUtcNow();
        if (copies.TryGetValue(eventId, out var copy) && copy.Expires > now)
        {
            return copy.Record;
        }

        var generation = generations.GetValueOrDefault(eventId);
        var found = await inner.FindAsync(eventId, cancellationToken);

        // A missing event is not remembered: it may be registered the next moment.
        if (found is null)
        {
            return null;
        }

        lock (gate)
        {
            if (generations.GetValueOrDefault(eventId) != generation)
            {
                return found;
            }

            if (copies.Count > SweepAbove)
            {
                foreach (var (key, old) in copies)
                {
                    if (old.Expires <= now)
                    {
                        copies.TryRemove(key, out _);
                    }
                }
            }

            copies[eventId] = new Entry(found, now + TimeToLive);
        }

        return found;
    }

    private void Invalidate(string eventId)
    {
        lock (gate)
        {
            generations.AddOrUpdate(eventId, 1, (_, g) => g + 1);
            copies.TryRemove(eventId, out _);
        }
    }

    private sealed record Entry(EventRecord Record, DateTimeOffset Expires);

    private sealed class RecentView(CachedEventStore store) : IEventStore
    {
        public Task<EventRecord?> FindAsync(string eventId, CancellationToken cancellationToken) => store.FindRecentAsync(eventId, cancellationToken);

        public Task<string?> TrySaveAsync(EventRecord record, CancellationToken cancellationToken) => store.TrySaveAsync(record, cancellationToken);
    }
}
