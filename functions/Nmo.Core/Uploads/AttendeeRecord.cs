namespace Nmo.Core.Uploads;

/// <summary>
/// An attendee of an event who holds a code. One per event and e-mail address (the key), which is what makes
/// a second code for the same person impossible. The code is kept only encrypted, for re-sending the certificate.
/// A withdrawn attendee (uploaded by mistake) stays stored, marked with when and why, and is never given a code again.
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
    string? CertificateId = null,
    DateTimeOffset? WithdrawnAt = null,
    string? WithdrawalReason = null);
