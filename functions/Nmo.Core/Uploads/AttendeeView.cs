namespace Nmo.Core.Uploads;

/// <summary>An attendee as the provider's console shows it: the code only masked (<c>****-****2345</c>).</summary>
public sealed record AttendeeView(
    string FullName,
    string Email,
    string MaskedCode,
    string UploadId,
    int Line,
    DateTimeOffset IssuedAt,
    string CertificateStatus,
    DateTimeOffset? CertificateSentAt,
    string? CertificateError);
