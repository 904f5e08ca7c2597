namespace Nmo.Core.Messaging;

/// <summary>
/// Certificates to e-mail for some attendees of one upload. The message carries references only, never codes:
/// the sender claims the stored attendees, so a redelivered or replayed message sends nothing already sent.
/// </summary>
/// <param name="Batch">
/// The attendees' versions as the processor stored them (<see cref="Email.ICertificateBatchStore"/>), when it kept
/// them: the sender claims on those versions without reading. Absent from re-issues, deferred messages and messages
/// queued before batches existed.
/// </param>
public sealed record CertificateEmailMessage(string UploadId, string EventId, IReadOnlyList<string> AttendeeKeys, string? Batch = null);
