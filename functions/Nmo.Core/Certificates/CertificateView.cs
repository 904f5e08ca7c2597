namespace Nmo.Core.Certificates;

/// <summary>
/// A certificate as anyone may see it (GET /api/certificates/{id}): what it certifies and its state. Never the
/// code, the holder's e-mail address, СНИЛС or the doctor who activated it.
/// </summary>
public sealed record CertificateView(
    string CertificateId,
    bool Genuine,
    string State,
    DateOnly? ActivatedOn,
    string? ReplacedBy,
    string? ReplacedByUrl,
    string HolderName,
    DateOnly IssuedOn,
    CertificateEventView Event,
    CertificateLinks Links);
