using Nmo.Core.Common;
using Nmo.Core.Events;
using Nmo.Core.Localization;
using Nmo.Core.Providers;

namespace Nmo.Core.Uploads;

/// <summary>The uploads of a provider's own event; another provider's event is answered as missing.</summary>
public sealed class UploadQueryService(IEventStore events, IUploadListing listing, Email.ICertificateStateStore certificates)
{
    public async Task<Result<Page<UploadListItem>>> ListAsync(
        ProviderRecord provider, string eventId, string? pageSize, string? continuationToken, Language language, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(provider);
        if (!Ids.IsValid(eventId))
        {
            return Problem.Of(ProblemType.IdInvalid, language, eventId);
        }

        var request = PageRequest.Parse(pageSize, continuationToken, language);
        if (!request.IsOk)
        {
            return request.Problem;
        }

        var ev = await events.FindOwnedAsync(provider, eventId, cancellationToken);
        if (ev is null)
        {
            return Problem.Of(ProblemType.EventNotFound, language, eventId);
        }

        var page = await listing.ListByEventAsync(eventId, request.Value.Size, request.Value.StorageToken, cancellationToken);
        if (page is null)
        {
            return PageRequest.InvalidToken(language);
        }

        // An upload record carries its provider; one of another provider under this event id cannot exist, but is never shown.
        var shown = await Task.WhenAll(page.Items.Where(u => u.ProviderId == provider.ProviderId)
            .Select(async u => u.Showing(await certificates.TallyAsync(u.EventId, u.UploadId, cancellationToken))));
        return new Page<UploadListItem>(
            [.. shown.OrderByDescending(u => u.ReceivedAt).Select(UploadListItem.From)],
            PageRequest.Encode(page.ContinuationToken));
    }
}
