namespace Nmo.Core.Certificates;

/// <summary>
/// One issued certificate (Свидетельство НМО), found by its public id. It points at the code by its keyed hash
/// only: the code's own record says whether it was activated or revoked, so a re-issue or a withdrawal shows
/// on the verification page without touching this record.
/// </summary>
public sealed record CertificateRecord(
    string CertificateId,
    string EventId,
    string AttendeeKey,
    string CodeHash,
    string HolderName,
    DateTimeOffset IssuedAt);
