namespace Nmo.Infrastructure.Access;

public enum TokenOutcome
{
    Valid,

    /// <summary>Signed by the issuer but past its <c>exp</c>: the caller should fetch a new one.</summary>
    Expired,

    /// <summary>Malformed, wrongly signed, for another audience or from another issuer.</summary>
    Invalid,

    /// <summary>The issuer's signing keys could not be read.</summary>
    Unavailable,
}
