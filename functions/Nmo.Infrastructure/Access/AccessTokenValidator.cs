using Microsoft.IdentityModel.JsonWebTokens;
using Microsoft.IdentityModel.Protocols;
using Microsoft.IdentityModel.Protocols.OpenIdConnect;
using Microsoft.IdentityModel.Tokens;

namespace Nmo.Infrastructure.Access;

/// <summary>
/// Checks an Entra ID access token in code: signature against the keys of the issuer's OIDC metadata (cached and
/// refreshed by <see cref="ConfigurationManager{T}"/>, refetched once when a token names a key not seen yet, as
/// after a key rollover), issuer, audience and lifetime. The roles are the <c>roles</c> claim.
/// </summary>
public sealed class AccessTokenValidator
{
    private readonly AccessOptions options;
    private readonly JsonWebTokenHandler handler = new();
    private readonly Lazy<ConfigurationManager<OpenIdConnectConfiguration>> metadata;

    public AccessTokenValidator(AccessOptions options)
    {
        ArgumentNullException.ThrowIfNull(options);
        this.options = options;
        metadata = new(() => new ConfigurationManager<OpenIdConnectConfiguration>(
            options.Metadata,
            new OpenIdConnectConfigurationRetriever(),
            // Plain http only for the development issuer of nmo serve on this machine.
            new HttpDocumentRetriever { RequireHttps = !IsLoopback(options.Metadata) }));
    }

    public async Task<TokenCheck> ValidateAsync(string token, CancellationToken cancellationToken)
    {
        if (!options.TokensConfigured || !handler.CanReadToken(token))
        {
            return TokenCheck.Failed(TokenOutcome.Invalid);
        }

        var result = await ValidateOnceAsync(token, cancellationToken);
        if (result is { IsValid: false, Exception: SecurityTokenSignatureKeyNotFoundException })
        {
            metadata.Value.RequestRefresh();
            result = await ValidateOnceAsync(token, cancellationToken);
        }

        if (result is null)
        {
            return TokenCheck.Failed(TokenOutcome.Unavailable);
        }

        if (!result.IsValid)
        {
            return TokenCheck.Failed(result.Exception is SecurityTokenExpiredException ? TokenOutcome.Expired : TokenOutcome.Invalid);
        }

        var roles = result.ClaimsIdentity.FindAll("roles").Select(c => c.Value).ToHashSet(StringComparer.Ordinal);
        var caller = result.ClaimsIdentity.FindFirst("azp")?.Value ?? result.ClaimsIdentity.FindFirst("appid")?.Value;
        return new TokenCheck(TokenOutcome.Valid, roles, caller);
    }

    /// <returns>Null when the signing keys could not be read.</returns>
    private async Task<TokenValidationResult?> ValidateOnceAsync(string token, CancellationToken cancellationToken)
    {
        OpenIdConnectConfiguration configuration;
        try
        {
            configuration = await metadata.Value.GetConfigurationAsync(cancellationToken);
        }
        catch (InvalidOperationException)
        {
            return null;
        }

        return await handler.ValidateTokenAsync(token, new TokenValidationParameters
        {
            ValidIssuers = options.Issuers,
            ValidAudiences = options.Audiences,
            IssuerSigningKeys = configuration.SigningKeys,
            ValidateIssuerSigningKey = true,
            RequireSignedTokens = true,
            RequireExpirationTime = true,
            ValidateLifetime = true,
            ClockSkew = options.ClockSkew,
        });
    }

    private static bool IsLoopback(string address) =>
        Uri.TryCreate(address, UriKind.Absolute, out var uri) && uri.IsLoopback;
}
