using Nmo.Core.Attendance;

namespace Nmo.Core.Uploads;

public interface IUploadStore
{
    Task<UploadRecord?> FindAsync(string uploadId, CancellationToken cancellationToken);

    Task AddAsync(UploadRecord upload, CancellationToken cancellationToken);

    /// <summary>Replaces the record if it has not changed since it was read (its ETag); false when it has.</summary>
    Task<bool> TryReplaceAsync(UploadRecord upload, CancellationToken cancellationToken);

    /// <summary>
    /// Claims a content hash for an event: returns null when this upload is the first with it, or the id of the
    /// upload that already holds it. Atomic, so two simultaneous uploads of one file cannot both win.
    /// </summary>
    Task<string?> ClaimContentAsync(string eventId, string contentHash, string uploadId, CancellationToken cancellationToken);

    /// <summary>Gives up a claim, but only while <paramref name="uploadId"/> still holds it.</summary>
    Task ReleaseContentAsync(string eventId, string contentHash, string uploadId, CancellationToken cancellationToken);

    /// <summary>Removes an upload record that turned out to be a repeat (and its row issues).</summary>
    Task DeleteAsync(string uploadId, CancellationToken cancellationToken);

    Task AddIssuesAsync(string uploadId, IReadOnlyList<RowIssue> issues, CancellationToken cancellationToken);

    IAsyncEnumerable<RowIssue> ListIssuesAsync(string uploadId, CancellationToken cancellationToken);

    /// <summary>Uploads still in <see cref="UploadStatus.Received"/> that arrived before <paramref name="before"/>.</summary>
    IAsyncEnumerable<UploadRecord> ListReceivedBeforeAsync(DateTimeOffset before, CancellationToken cancellationToken);
}
