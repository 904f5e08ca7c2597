using Nmo.Core.Uploads;

namespace Nmo.Core.Email;

/// <summary>A certificate this sender holds, with the version of the stored attendee its claim wrote.</summary>
public sealed record ClaimedCertificate(AttendeeRecord Attendee, string ETag);

/// <summary>What became of one claimed certificate.</summary>
public sealed record CertificateOutcome(ClaimedCertificate Claimed, string Status, DateTimeOffset? SentAt, string? Error);

/// <summary>The outcome of a claim over some attendees of one event.</summary>
/// <param name="Claimed">Now held by this claim: send these.</param>
/// <param name="HeldElsewhere">Claimed by another sender recently; it may still be sending them.</param>
public sealed record CertificateClaimResult(IReadOnlyList<ClaimedCertificate> Claimed, IReadOnlyList<string> HeldElsewhere);
