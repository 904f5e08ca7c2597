using Microsoft.Extensions.Time.Testing;
using Nmo.Core.Events;

namespace Nmo.Core.Tests.Events;

public sealed class CachedEventStoreTests
{
    private sealed class CountingStore : IEventStore
    {
        public EventRecord? Stored { get; set; }

        public int Reads { get; private set; }

        public Task<EventRecord?> FindAsync(string eventId, CancellationToken cancellationToken)
        {
            Reads++;
            return Task.FromResult(Stored);
        }

        public Task<string?> TrySaveAsync(EventRecord record, CancellationToken cancellationToken)
        {
            Stored = record with { ETag = Guid.NewGuid().ToString("N") };
            return Task.FromResult<string?>(Stored.ETag);
        }
    }

    private readonly FakeTimeProvider time = new(new DateTimeOffset(2026, 12, 2, 10, 0, 0, TimeSpan.Zero));
    private readonly CountingStore inner = new() { Stored = Event("Школа кардиолога") };

    private static EventRecord Event(string title) =>
        new("ev-1", "p1", "Провайдер", title, "event", new DateOnly(2026, 11, 20), new DateOnly(2026, 11, 21), "Москва", 6m, null, DateTimeOffset.UnixEpoch, ETag: "v1");

    [Fact]
    public async Task Activation_reads_one_copy_until_it_expires_and_every_other_reader_reads_what_is_stored()
    {
        var cache = new CachedEventStore(inner, time);

        await cache.Recent.FindAsync("ev-1", CancellationToken.None);
        await cache.Recent.FindAsync("ev-1", CancellationToken.None);
        Assert.Equal(1, inner.Reads);

        await cache.FindAsync("ev-1", CancellationToken.None);
        Assert.Equal(2, inner.Reads);

        inner.Stored = Event("Исправленное название");
        time.Advance(CachedEventStore.TimeToLive);
        Assert.Equal("Исправленное название", (await cache.Recent.FindAsync("ev-1", CancellationToken.None))!.Title);
    }

    [Fact]
    public async Task A_change_saved_through_this_instance_is_read_at_once()
    {
        var cache = new CachedEventStore(inner, time);
        await cache.Recent.FindAsync("ev-1", CancellationToken.None);

        await cache.TrySaveAsync(Event("Исправленное название"), CancellationToken.None);

        Assert.Equal("Исправленное название", (await cache.Recent.FindAsync("ev-1", CancellationToken.None))!.Title);
    }

    [Fact]
    public async Task A_missing_event_is_not_remembered()
    {
        inner.Stored = null;
        var cache = new CachedEventStore(inner, time);
        Assert.Null(await cache.Recent.FindAsync("ev-1", CancellationToken.None));

        inner.Stored = Event("Школа кардиолога");

        Assert.NotNull(await cache.Recent.FindAsync("ev-1", CancellationToken.None));
    }
}
