using Nmo.Core.Uploads;

namespace Nmo.Core.Email;

/// <summary>
/// The attendees of one certificate message, as the upload processor stored them, kept beside the raw upload they
/// came from. The mailer claims them on those versions instead of reading each attendee first; an attendee that
/// changed since is read as before. Nothing is lost without them: a batch is only ever a shortcut.
/// </summary>
public interface ICertificateBatchStore
{
    /// <summary>Stores the versions; returns the batch's name for the queue message.</summary>
    Task<string> SaveAsync(string eventId, string uploadId, IReadOnlyList<AttendeeVersion> versions, CancellationToken cancellationToken);

    /// <summary>The stored versions, or null when the batch is gone (used and deleted, erased, or never written).</summary>
    Task<IReadOnlyList<AttendeeVersion>?> ReadAsync(string name, CancellationToken cancellationToken);

    Task DeleteAsync(string name, CancellationToken cancellationToken);
}
