namespace Nmo.Core.Events;

public interface IEventStore
{
    Task<EventRecord?> FindAsync(string eventId, CancellationToken cancellationToken);

    /// <summary>
    /// Inserts the record when <paramref name="isNew"/>, and throws the storage's conflict error when another save
    /// inserted the same id first; otherwise replaces what is stored unconditionally. There is no ETag check: of
    /// two changes saved at the same time, the later one stays.
    /// </summary>
    Task SaveAsync(EventRecord record, bool isNew, CancellationToken cancellationToken);
}
