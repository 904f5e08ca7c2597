namespace Nmo.Core.Events;

public interface IEventStore
{
    /// <summary>The event with its stored version (<see cref="EventRecord.ETag"/>), or null.</summary>
    Task<EventRecord?> FindAsync(string eventId, CancellationToken cancellationToken);

    /// <summary>
    /// Inserts the record when its <see cref="EventRecord.ETag"/> is null, otherwise replaces the version with that
    /// ETag. Returns the new ETag, or null when another save got there first (the id was taken, or the stored
    /// version changed): nothing is written then, and the caller decides again on what is stored.
    /// </summary>
    Task<string?> TrySaveAsync(EventRecord record, CancellationToken cancellationToken);
}
