using Nmo.Core.Common;

namespace Nmo.Core.Uploads;

/// <summary>Reads an event's attendees page by page, keeping those a filter picks.</summary>
public interface IAttendeeDirectory
{
    /// <summary>
    /// Attendees of <paramref name="eventId"/> that <paramref name="matches"/>, at least <paramref name="pageSize"/> of them
    /// unless the event has no more; null when the storage refuses <paramref name="storageToken"/>.
    /// </summary>
    Task<Page<AttendeeRecord>?> FindAsync(
        string eventId, Func<AttendeeRecord, bool> matches, int pageSize, string? storageToken, CancellationToken cancellationToken);
}
