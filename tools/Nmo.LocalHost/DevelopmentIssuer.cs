using System.Security.Claims;
using System.Security.Cryptography;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.IdentityModel.JsonWebTokens;
using Microsoft.IdentityModel.Tokens;
using Nmo.Infrastructure.Access;

namespace Nmo.LocalHost;

/// <summary>
/// A stand-in for Entra ID on this machine (<c>nmo serve --dev-auth</c>, the tests): it publishes OIDC metadata and
/// a JWKS under <c>/dev-auth/</c> on the local host, and signs client-credentials-shaped access tokens (RS256,
/// <c>roles</c>, <c>azp</c>) with its own RSA key, so the app checks them exactly as it checks Entra's.
/// </summary>
public sealed class DevelopmentIssuer : IDisposable
{
    public const string Issuer = "urn:nmo:dev-auth";
    public const string Audience = "api://nmo-dev";
    public const string ClientId = "nmo-dev-client";
    public const string MetadataPath = "/dev-auth/.well-known/openid-configuration";
    public const string KeysPath = "/dev-auth/jwks.json";

    private readonly RSA rsa;
    private readonly RsaSecurityKey key;

    private DevelopmentIssuer(RSA rsa)
    {
        this.rsa = rsa;
        // Named by its modulus, so a new key is a new kid and a cached key set is refetched.
        key = new RsaSecurityKey(rsa) { KeyId = Base64UrlEncoder.Encode(SHA256.HashData(rsa.ExportParameters(false).Modulus!))[..16] };
    }

    /// <summary>A new key held in memory only (tests).</summary>
    public static DevelopmentIssuer Create() => new(RSA.Create(2048));

    /// <summary>The key kept in <paramref name="pemPath"/>, made there (readable by this user only) the first time.</summary>
    public static DevelopmentIssuer LoadOrCreate(string pemPath)
    {
        var rsa = RSA.Create(2048);
        if (File.Exists(pemPath))
        {
            rsa.ImportFromPem(File.ReadAllText(pemPath));
            return new(rsa);
        }

        Directory.CreateDirectory(Path.GetDirectoryName(pemPath)!);
        File.WriteAllText(pemPath, rsa.ExportPkcs8PrivateKeyPem());
        if (!OperatingSystem.IsWindows())
        {
            File.SetUnixFileMode(pemPath, UnixFileMode.UserRead | UnixFileMode.UserWrite);
        }

        return new(rsa);
    }

    /// <summary>Where <c>nmo serve --dev-auth</c> and <c>nmo token</c> keep the key.</summary>
    public static string KeyPath(string workDirectory) => Path.Combine(workDirectory, "dev-auth-key.pem");

    /// <summary>The app's <c>Auth</c> settings that make it trust this issuer on the host at <paramref name="baseAddress"/>.</summary>
    public static IReadOnlyDictionary<string, string?> Settings(string baseAddress) => new Dictionary<string, string?>
    {
        [$"{AccessOptions.SectionName}:{nameof(AccessOptions.MetadataAddress)}"] = baseAddress.TrimEnd('/') + MetadataPath,
        [$"{AccessOptions.SectionName}:{nameof(AccessOptions.Audience)}"] = Audience,
        [$"{AccessOptions.SectionName}:{nameof(AccessOptions.ValidIssuers)}:0"] = Issuer,
    };

    /// <summary>An access token for <paramref name="roles"/>, valid from <paramref name="notBefore"/> (now) for <paramref name="lifetime"/> (one hour).</summary>
    public string CreateToken(
        IEnumerable<string> roles,
        TimeSpan? lifetime = null,
        DateTimeOffset? notBefore = null,
        string audience = Audience,
        string issuer = Issuer,
        string clientId = ClientId)
    {
        ArgumentNullException.ThrowIfNull(roles);
        var from = notBefore ?? DateTimeOffset.UtcNow;
        var claims = new Dictionary<string, object>
        {
            ["roles"] = roles.ToArray(),
            ["azp"] = clientId,
            ["sub"] = clientId,
            ["ver"] = "2.0",
        };
        return new JsonWebTokenHandler { SetDefaultTimesOnTokenCreation = false }.CreateToken(new SecurityTokenDescriptor
        {
            Issuer = issuer,
            Audience = audience,
            Claims = claims,
            Subject = new ClaimsIdentity(),
            IssuedAt = from.UtcDateTime,
            NotBefore = from.UtcDateTime,
            Expires = (from + (lifetime ?? TimeSpan.FromHours(1))).UtcDateTime,
            SigningCredentials = new SigningCredentials(key, SecurityAlgorithms.RsaSha256),
        });
    }

    /// <summary>The metadata and key set endpoints, on the local host only (never part of the Functions app).</summary>
    internal void Map(WebApplication app)
    {
        app.MapGet(MetadataPath, (HttpContext context) =>
        {
            var baseAddress = $"{context.Request.Scheme}://{context.Request.Host}";
            return Results.Json(new Dictionary<string, object>
            {
                ["issuer"] = Issuer,
                ["jwks_uri"] = baseAddress + KeysPath,
                ["id_token_signing_alg_values_supported"] = new[] { SecurityAlgorithms.RsaSha256 },
                ["token_endpoint_auth_methods_supported"] = new[] { "private_key_jwt" },
            });
        });
        app.MapGet(KeysPath, () =>
        {
            var jwk = JsonWebKeyConverter.ConvertFromRSASecurityKey(new RsaSecurityKey(rsa.ExportParameters(includePrivateParameters: false)) { KeyId = key.KeyId });
            return Results.Json(new { keys = new[] { new { kty = jwk.Kty, use = "sig", alg = SecurityAlgorithms.RsaSha256, kid = jwk.Kid, n = jwk.N, e = jwk.E } } });
        });
    }

    public void Dispose() => rsa.Dispose();
}
