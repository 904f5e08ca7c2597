using Nmo.Core.Common;

namespace Nmo.Core.Events;

/// <summary>A provider's own events, page by page.</summary>
public interface IEventListing
{
    /// <summary>The events of <paramref name="providerId"/>; null when the storage refuses <paramref name="storageToken"/>.</summary>
    Task<Page<ListedEvent>?> ListByProviderAsync(string providerId, int pageSize, string? storageToken, CancellationToken cancellationToken);
}
