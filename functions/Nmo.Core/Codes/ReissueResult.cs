namespace Nmo.Core.Codes;

/// <summary>What the provider learns: the new certificate is on its way. The code itself goes only to the attendee.</summary>
public sealed record ReissueResult(string EventId, string Email, string CertificateStatus, DateTimeOffset ReissuedAt);
