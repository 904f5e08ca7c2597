namespace Nmo.Core.Uploads;

public sealed record CertificateUpdate(string AttendeeKey, string Status, DateTimeOffset? SentAt, string? Error);
