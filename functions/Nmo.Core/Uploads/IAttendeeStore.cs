namespace Nmo.Core.Uploads;

public interface IAttendeeStore
{
    /// <summary>Adds the attendees not stored yet; for each, returns what is stored now and whether this call added it.</summary>
    Task<IReadOnlyList<AttendeeAddOutcome>> AddNewAsync(string eventId, IReadOnlyList<AttendeeRecord> attendees, CancellationToken cancellationToken);

    Task<IReadOnlyList<AttendeeRecord>> GetManyAsync(string eventId, IReadOnlyList<string> attendeeKeys, CancellationToken cancellationToken);

    /// <summary>
    /// Gives the attendee the new code only while it still holds <paramref name="expectedCodeHash"/> and is not
    /// withdrawn; false when another change of its code (or its withdrawal) got there first (nothing is written then).
    /// </summary>
    Task<bool> TryReplaceCodeAsync(
        string eventId, string attendeeKey, string expectedCodeHash, string protectedCode, string codeHash, CancellationToken cancellationToken);

    /// <summary>
    /// Marks the attendee withdrawn unless it is already; returns what is stored afterwards (the first withdrawal's
    /// time and reason stand), or null when there is no such attendee.
    /// </summary>
    Task<AttendeeRecord?> MarkWithdrawnAsync(string eventId, string attendeeKey, DateTimeOffset at, string reason, CancellationToken cancellationToken);

    /// <summary>Whether any attendee of the event is stored: then codes exist, and certificates state the event as it is.</summary>
    Task<bool> HasAnyAsync(string eventId, CancellationToken cancellationToken);

    /// <summary>Records which certificate carries the attendee's current code.</summary>
    Task SetCertificateIdAsync(string eventId, string attendeeKey, string certificateId, CancellationToken cancellationToken);

    Task UpdateCertificatesAsync(string eventId, IReadOnlyList<CertificateUpdate> updates, CancellationToken cancellationToken);
}
