using Nmo.Core.Events;

namespace Nmo.Core.Tests.Common.Fakes;

public sealed class InMemoryEventStore : IEventStore
{
    private readonly Dictionary<string, EventRecord> stored = [];
    private int version;

    public EventRecord Put(EventRecord record)
    {
        var written = record with { ETag = $"event-etag-{++version}" };
        stored[record.EventId] = written;
        return written;
    }

    public Task<EventRecord?> FindAsync(string eventId, CancellationToken cancellationToken) =>
        Task.FromResult(stored.GetValueOrDefault(eventId));

    public Task<string?> TrySaveAsync(EventRecord record, CancellationToken cancellationToken)
    {
        var current = stored.GetValueOrDefault(record.EventId);
        if (current?.ETag != record.ETag)
        {
            return Task.FromResult<string?>(null);
        }

        return Task.FromResult(Put(record).ETag);
    }
}
