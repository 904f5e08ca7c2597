namespace Nmo.Core.Messaging;

/// <summary>
/// Certificates to e-mail for some attendees of one upload. The message carries references only, never codes:
/// the sender reads the attendees, so a redelivered or replayed message sends nothing already sent.
/// </summary>
public sealed record CertificateEmailMessage(string UploadId, string EventId, IReadOnlyList<string> AttendeeKeys);
