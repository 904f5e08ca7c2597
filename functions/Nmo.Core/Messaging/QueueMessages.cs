namespace Nmo.Core.Messaging;

/// <summary>An upload whose raw bytes are stored and whose rows now need codes.</summary>
public sealed record UploadReceivedMessage(string UploadId);

/// <summary>
/// Certificates to e-mail for some attendees of one upload. The message carries references only, never codes:
/// the sender reads the attendees, so a redelivered or replayed message sends nothing already sent.
/// </summary>
public sealed record CertificateEmailMessage(string UploadId, string EventId, IReadOnlyList<string> AttendeeKeys);

/// <summary>A credit notice for one ledger entry (an activation or a module completion).</summary>
public sealed record CreditNoticeMessage(string DoctorId, string EntryId);

/// <summary>
/// Outbound record of credited hours for downstream systems (the Ministry portal). <see cref="CreditEventId"/> is
/// stable for one ledger entry, so consumers can drop repeats: delivery is at least once.
/// </summary>
public sealed record CreditEventMessage(
    string CreditEventId,
    string DoctorId,
    string Kind,
    string ActivityId,
    string ProviderId,
    decimal Credits,
    DateTimeOffset CreditedAt);
