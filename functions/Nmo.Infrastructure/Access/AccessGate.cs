using System.Security.Cryptography;
using System.Text;
using Nmo.Core.Common;
using Nmo.Core.Localization;

namespace Nmo.Infrastructure.Access;

/// <summary>
/// The one decision for a route that requires an app role: a valid Entra ID token with the role, or, when the
/// fallback is on and no token is sent, the role's static key. 401 for no, an expired or a bad credential, 403 for
/// a good one without the role.
/// </summary>
public sealed class AccessGate(AccessOptions options, AccessTokenValidator tokens)
{
    /// <summary>Who called when nothing is enforced (no <c>Auth</c> section, outside Azure).</summary>
    public const string Unchecked = "unchecked";

    public async Task<AccessDecision> CheckAsync(
        string role, string? authorization, string? functionKey, Language language, CancellationToken cancellationToken)
    {
        if (!options.Enforced)
        {
            return new(null, Unchecked);
        }

        if (BearerToken(authorization) is { } token)
        {
            var check = await tokens.ValidateAsync(token, cancellationToken);
            return check.Outcome switch
            {
                TokenOutcome.Valid when check.Roles.Contains(role) => new(null, "app:" + (check.Caller ?? "unknown")),
                TokenOutcome.Valid => Refuse(Problem.Of(ProblemType.AccessRoleMissing, language, role)),
                TokenOutcome.Expired => Refuse(Problem.Of(ProblemType.AccessTokenExpired, language)),
                TokenOutcome.Unavailable => Refuse(Problem.Of(ProblemType.AccessUnavailable, language) with { RetryAfter = TimeSpan.FromSeconds(30) }),
                _ => Refuse(Problem.Of(ProblemType.AccessTokenInvalid, language)),
            };
        }

        if (options.AllowFunctionKeys && !string.IsNullOrEmpty(functionKey))
        {
            return options.FunctionKeys.TryGetValue(role, out var expected) && !string.IsNullOrEmpty(expected) && SameKey(expected, functionKey)
                ? new(null, "key:" + role)
                : Refuse(Problem.Of(ProblemType.AccessKeyInvalid, language, role));
        }

        return Refuse(Problem.Of(ProblemType.AccessTokenMissing, language));
    }

    private static AccessDecision Refuse(Problem problem) => new(problem, string.Empty);

    private static string? BearerToken(string? authorization) =>
        authorization is { Length: > 7 } && authorization.StartsWith("Bearer ", StringComparison.OrdinalIgnoreCase)
            ? authorization[7..].Trim()
            : null;

    private static bool SameKey(string expected, string given) =>
        CryptographicOperations.FixedTimeEquals(
            SHA256.HashData(Encoding.UTF8.GetBytes(expected)), SHA256.HashData(Encoding.UTF8.GetBytes(given)));
}
