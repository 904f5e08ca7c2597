using Nmo.Core.Providers;

namespace Nmo.Core.Events;

/// <summary>Reads of the event store that every provider route shares.</summary>
public static class EventStoreExtensions
{
    /// <summary>
    /// The provider's own event or module, or null: another provider's is reported as missing, so that a key never
    /// learns what others registered.
    /// </summary>
    public static async Task<EventRecord?> FindOwnedAsync(this IEventStore events, ProviderRecord provider, string eventId, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(events);
        ArgumentNullException.ThrowIfNull(provider);
        var found = await events.FindAsync(eventId, cancellationToken);
        return found is not null && found.ProviderId == provider.ProviderId ? found : null;
    }
}
