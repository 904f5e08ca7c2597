namespace Nmo.Core.Audit;

/// <summary>What an operator asks the audit for; every filter given must match, none given lists everything.</summary>
public sealed record AuditQuery(string? ActivityId = null, string? DoctorId = null, string? CodeHash = null, DateTimeOffset? Since = null);
