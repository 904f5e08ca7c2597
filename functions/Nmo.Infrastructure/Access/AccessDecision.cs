using Nmo.Core.Common;

namespace Nmo.Infrastructure.Access;

/// <summary>Let through (<see cref="Problem"/> null) as <see cref="Caller"/>, or refused with the problem to answer.</summary>
public sealed record AccessDecision(Problem? Problem, string Caller)
{
    public bool Allowed => Problem is null;
}
