namespace Nmo.Core.Access;

/// <summary>
/// The app roles of the API's Entra ID app registration (its <c>appRoles[].value</c>). A client-credentials token
/// carries the roles granted to the calling application in its <c>roles</c> claim.
/// </summary>
public static class AccessRoles
{
    /// <summary>The doctors' portal: activations and credit reports.</summary>
    public const string Portal = "Portal";

    /// <summary>Operators: every <c>api/admin/...</c> route.</summary>
    public const string Operator = "Operator";

    public static IReadOnlyList<string> All { get; } = [Portal, Operator];
}
