namespace Nmo.Infrastructure.Access;

/// <summary>
/// Who may call the portal's and the operators' routes (section <c>Auth</c>): Microsoft Entra ID access tokens of
/// the API's app registration, checked in code, and, only when <see cref="AllowFunctionKeys"/> is on, static keys.
/// </summary>
public sealed class AccessOptions
{
    public const string SectionName = "Auth";

    /// <summary>The Entra ID tenant whose tokens are accepted (Bicep writes <c>tenant().tenantId</c>).</summary>
    public string? TenantId { get; set; }

    /// <summary>The Entra ID host the tenant's metadata is read from.</summary>
    public string Instance { get; set; } = "https://login.microsoftonline.com/";

    /// <summary>
    /// The token audience: the API's Application ID URI (<c>api://CLIENT-ID</c>), as in v1 tokens. A token whose
    /// <c>aud</c> is <see cref="ClientId"/> (v2 tokens) is accepted too.
    /// </summary>
    public string? Audience { get; set; }

    /// <summary>The API app registration's application (client) id.</summary>
    public string? ClientId { get; set; }

    /// <summary>Accepted <c>iss</c> values; empty: the tenant's v2.0 and v1 issuers.</summary>
    public string[] ValidIssuers { get; set; } = [];

    /// <summary>The OIDC discovery document the signing keys come from; empty: the tenant's v2.0 document.</summary>
    public string? MetadataAddress { get; set; }

    /// <summary>Clock difference tolerated on <c>exp</c> and <c>nbf</c>.</summary>
    public TimeSpan ClockSkew { get; set; } = TimeSpan.FromMinutes(2);

    /// <summary>
    /// The fallback: a request without a bearer token passes with the key of its route's role in
    /// <c>x-functions-key</c> (or <c>?code=</c>), compared with <see cref="FunctionKeys"/>. Off by default.
    /// </summary>
    public bool AllowFunctionKeys { get; set; }

    /// <summary>Role → key (<c>Auth:FunctionKeys:Portal</c>, <c>Auth:FunctionKeys:Operator</c>), from Key Vault in Azure.</summary>
    public Dictionary<string, string> FunctionKeys { get; set; } = new(StringComparer.Ordinal);

    public bool TokensConfigured =>
        !string.IsNullOrWhiteSpace(Audience) &&
        (!string.IsNullOrWhiteSpace(MetadataAddress) || !string.IsNullOrWhiteSpace(TenantId));

    public bool KeysConfigured => AllowFunctionKeys && FunctionKeys.Values.Any(k => !string.IsNullOrWhiteSpace(k));

    /// <summary>Nothing configured: the routes are open, as with <c>func start</c> (refused at start in Azure).</summary>
    public bool Enforced => TokensConfigured || AllowFunctionKeys;

    public string Metadata => !string.IsNullOrWhiteSpace(MetadataAddress)
        ? MetadataAddress
        : $"{Instance.TrimEnd('/')}/{TenantId}/v2.0/.well-known/openid-configuration";

    public IReadOnlyList<string> Issuers => ValidIssuers.Length > 0
        ? ValidIssuers
        : [$"{Instance.TrimEnd('/')}/{TenantId}/v2.0", $"https://sts.windows.net/{TenantId}/"];

    public IReadOnlyList<string> Audiences => new[] { Audience, ClientId }.Where(a => !string.IsNullOrWhiteSpace(a)).Select(a => a!).ToList();
}
