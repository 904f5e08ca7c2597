namespace Nmo.Core.Codes;

/// <summary>A stored code: looked up by its keyed hash, never stored in plaintext.</summary>
public sealed record CodeRecord(
    string CodeHash,
    string EventId,
    string AttendeeKey,
    string Status,
    string? DoctorId,
    DateTimeOffset IssuedAt,
    DateTimeOffset? ActivatedAt,
    string? ETag = null);
