namespace Nmo.Core.Activations;

/// <summary>
/// The throttle's answer to one attempt: either how long to wait, or admitted with the failure it counted in
/// advance (<paramref name="CountedAt"/>), which a success takes back, and the state as it was stored then
/// (<paramref name="Counted"/>), so that taking it back need not read it first.
/// </summary>
public sealed record ThrottleAdmission(TimeSpan? RetryAfter, DateTimeOffset? CountedAt, ThrottleState? Counted = null)
{
    public bool Admitted => RetryAfter is null;
}
