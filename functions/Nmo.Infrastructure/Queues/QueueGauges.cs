using Nmo.Core.Storage;
using Nmo.Core.Telemetry;
using Nmo.Infrastructure.Storage;

namespace Nmo.Infrastructure.Queues;

/// <summary>
/// Measures every pipeline queue (<see cref="StorageNames.Queues.All"/>) for the alerts: the age of the message at its
/// head and the depth of its poison queue, recorded on <see cref="NmoMetrics.QueueOldestAge"/> and
/// <see cref="NmoMetrics.PoisonDepth"/>. Peeking neither takes nor hides a message, so it never disturbs a trigger.
/// </summary>
public sealed class QueueGauges(StorageClients clients, PoisonQueues poison, TimeProvider time)
{
    public async Task<IReadOnlyList<QueueReading>> MeasureAsync(CancellationToken cancellationToken)
    {
        var readings = new List<QueueReading>();
        foreach (var queue in StorageNames.Queues.All)
        {
            var reading = new QueueReading(queue, await OldestAgeAsync(queue, cancellationToken), await poison.CountAsync(queue, cancellationToken));
            var tag = new KeyValuePair<string, object?>(NmoMetrics.QueueTag, queue);
            NmoMetrics.QueueOldestAge.Record(reading.OldestAge.TotalSeconds, tag);
            NmoMetrics.PoisonDepth.Record(reading.PoisonDepth, tag);
            readings.Add(reading);
        }

        return readings;
    }

    /// <summary>
    /// The first visible message is the oldest but for messages hidden while being processed or retried, which are
    /// in hand; an empty (or not yet made) queue has waited for nothing.
    /// </summary>
    private async Task<TimeSpan> OldestAgeAsync(string name, CancellationToken cancellationToken)
    {
        var queue = clients.Queue(name);
        if (!await queue.ExistsAsync(cancellationToken))
        {
            return TimeSpan.Zero;
        }

        var head = (await queue.PeekMessagesAsync(1, cancellationToken)).Value;
        return head is [{ InsertedOn: { } inserted }] ? TimeSpan.FromTicks(Math.Max(0, (time.GetUtcNow() - inserted).Ticks)) : TimeSpan.Zero;
    }
}
