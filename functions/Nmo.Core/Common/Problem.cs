namespace Nmo.Core.Common;

/// <summary>
/// A failure a caller can act on: an HTTP status, a stable machine-readable code, and a message already in the
/// caller's language. Function classes turn it into application/problem+json.
/// </summary>
public sealed record Problem(int Status, string Code, string Title, string Detail, IReadOnlyDictionary<string, object?>? Extensions = null)
{
    public TimeSpan? RetryAfter { get; init; }
}
