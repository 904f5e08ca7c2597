using Nmo.Core.Common;
using Nmo.Core.Localization;
using Nmo.Core.Providers;

namespace Nmo.Core.Events;

/// <summary>What a provider may read about events: only its own.</summary>
public sealed class EventQueryService(IEventListing listing)
{
    public async Task<Result<Page<EventListItem>>> ListAsync(
        ProviderRecord provider, string? pageSize, string? continuationToken, Language language, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(provider);
        var request = PageRequest.Parse(pageSize, continuationToken, language);
        if (!request.IsOk)
        {
            return request.Problem;
        }

        var page = await listing.ListByProviderAsync(provider.ProviderId, request.Value.Size, request.Value.StorageToken, cancellationToken);
        if (page is null)
        {
            return PageRequest.InvalidToken(language);
        }

        return new Page<EventListItem>([.. page.Items.Select(EventListItem.From)], PageRequest.Encode(page.ContinuationToken));
    }
}
