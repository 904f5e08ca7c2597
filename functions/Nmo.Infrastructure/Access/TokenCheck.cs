namespace Nmo.Infrastructure.Access;

/// <summary>What a bearer token turned out to be; <see cref="Caller"/> is the calling application's id when valid.</summary>
public sealed record TokenCheck(TokenOutcome Outcome, IReadOnlySet<string> Roles, string? Caller)
{
    public static TokenCheck Failed(TokenOutcome outcome) => new(outcome, new HashSet<string>(), null);
}
