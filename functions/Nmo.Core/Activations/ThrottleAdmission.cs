namespace Nmo.Core.Activations;

/// <summary>
/// The throttle's answer to one attempt: either how long to wait, or admitted with the failure it counted in
/// advance (<paramref name="CountedAt"/>), which a success takes back.
/// </summary>
public sealed record ThrottleAdmission(TimeSpan? RetryAfter, DateTimeOffset? CountedAt)
{
    public bool Admitted => RetryAfter is null;
}
