namespace Nmo.Core.Uploads;

public static class CertificateStatus
{
    public const string Queued = "queued";

    /// <summary>Claimed by one delivery of a certificate message, which is sending it now (see <see cref="AttendeeRecord.ClaimedBy"/>).</summary>
    public const string Sending = "sending";
    public const string Sent = "sent";
    public const string Failed = "failed";
    public const string Bounced = "bounced";
}

/// <summary>
/// An attendee of an event who holds a code. One per event and e-mail address (the key), which is what makes
/// a second code for the same person impossible. The code is kept only encrypted, for re-sending the certificate.
/// <see cref="ClaimedBy"/> and <see cref="ClaimedAt"/> say which delivery of a certificate message is sending it, so
/// that two deliveries of the same message running at once cannot both send it.
/// </summary>
public sealed record AttendeeRecord(
    string EventId,
    string AttendeeKey,
    string UploadId,
    int Line,
    string FullName,
    string Email,
    string Language,
    string ProtectedCode,
    string CodeHash,
    DateTimeOffset IssuedAt,
    string CertificateStatus,
    DateTimeOffset? CertificateSentAt = null,
    string? CertificateError = null,
    string? ClaimedBy = null,
    DateTimeOffset? ClaimedAt = null,
    string? ETag = null);

public sealed record AttendeeAddOutcome(AttendeeRecord Stored, bool Added);

public sealed record CertificateUpdate(string AttendeeKey, string Status, DateTimeOffset? SentAt, string? Error);

public interface IAttendeeStore
{
    /// <summary>Adds the attendees not stored yet; for each, returns what is stored now and whether this call added it.</summary>
    Task<IReadOnlyList<AttendeeAddOutcome>> AddNewAsync(string eventId, IReadOnlyList<AttendeeRecord> attendees, CancellationToken cancellationToken);

    Task<IReadOnlyList<AttendeeRecord>> GetManyAsync(string eventId, IReadOnlyList<string> attendeeKeys, CancellationToken cancellationToken);

    Task ReplaceCodeAsync(string eventId, string attendeeKey, string protectedCode, string codeHash, CancellationToken cancellationToken);

    Task UpdateCertificatesAsync(string eventId, IReadOnlyList<CertificateUpdate> updates, CancellationToken cancellationToken);

    /// <summary>
    /// Marks these attendees' certificates as being sent by <paramref name="claimant"/>, each only if it has not
    /// changed since it was read (its ETag); returns the ones claimed (by this claimant, now or by a retried call).
    /// </summary>
    Task<IReadOnlyList<AttendeeRecord>> ClaimCertificatesAsync(
        string eventId, IReadOnlyList<AttendeeRecord> attendees, string claimant, DateTimeOffset at, CancellationToken cancellationToken);
}
