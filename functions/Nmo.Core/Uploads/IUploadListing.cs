using Nmo.Core.Common;

namespace Nmo.Core.Uploads;

/// <summary>The uploads of one event, page by page.</summary>
public interface IUploadListing
{
    /// <summary>The uploads of <paramref name="eventId"/>; null when the storage refuses <paramref name="storageToken"/>.</summary>
    Task<Page<UploadRecord>?> ListByEventAsync(string eventId, int pageSize, string? storageToken, CancellationToken cancellationToken);
}
