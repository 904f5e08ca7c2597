namespace Nmo.Core.Audit;

/// <summary>
/// One change: who made it, when, what it changed from and to. <see cref="Key"/> names the change within its
/// activity (the event or module), so a repeat of the same change is the same record. Everything here is masked
/// as logs are: codes appear as their keyed hash or first group, e-mail addresses masked, no СНИЛС.
/// </summary>
/// <param name="ActivityId">The event or module the change belongs to.</param>
/// <param name="Actor">Who: <c>provider:ID</c> or <c>doctor:ID</c>.</param>
/// <param name="Before">What the changed thing was, as short masked JSON; null when it did not exist.</param>
/// <param name="After">What it became, as short masked JSON.</param>
public sealed record AuditRecord(
    string ActivityId,
    string Key,
    DateTimeOffset At,
    string Actor,
    string Action,
    string? DoctorId,
    string? CodeHash,
    string? Before,
    string? After,
    string? Reason = null);
