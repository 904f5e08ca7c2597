using System.Security.Cryptography;
using System.Text;
using Nmo.Core.Common;
using Nmo.Core.Localization;

namespace Nmo.Core.Providers;

public sealed record ProviderRecord(string ProviderId, string Name, string KeyHash, DateTimeOffset CreatedAt);

public sealed record ProviderCreated(string ProviderId, string ApiKey);

public interface IProviderStore
{
    Task AddAsync(ProviderRecord provider, CancellationToken cancellationToken);

    Task<ProviderRecord?> FindAsync(string providerId, CancellationToken cancellationToken);
}

/// <summary>
/// Providers and their API keys. A key is <c>nmo_&lt;providerId&gt;_&lt;secret&gt;</c>: the id lets us find the
/// provider with one point read, and only the key's SHA-256 is stored, compared in constant time.
/// </summary>
public sealed class ProviderService(IProviderStore store, TimeProvider time)
{
    public const int MaxNameLength = 200;
    private const string Prefix = "nmo_";

    /// <summary>
    /// Why a provider name cannot be used, in the caller's language, or null when it can. The name is printed in
    /// every certificate of the provider, so control characters, which would corrupt it, are refused too.
    /// </summary>
    public static string? ValidateName(string? name, Language language) =>
        string.IsNullOrWhiteSpace(name) ? Texts.Get("field.required", language, "name")
        : name.Length > MaxNameLength ? Texts.Get("field.too-long", language, "name", MaxNameLength)
        : name.Any(char.IsControl) ? Texts.Get("field.invalid", language, "name", language == Language.En ? "control characters" : "управляющие символы")
        : null;

    public async Task<ProviderCreated> CreateAsync(string name, CancellationToken cancellationToken)
    {
        var providerId = Ids.New("prv");
        var secret = Convert.ToBase64String(RandomNumberGenerator.GetBytes(32))
            .TrimEnd('=').Replace('+', 'A').Replace('/', 'B');
        var apiKey = $"{Prefix}{providerId}_{secret}";
        await store.AddAsync(new ProviderRecord(providerId, name.Trim(), HashKey(apiKey), time.GetUtcNow()), cancellationToken);
        return new ProviderCreated(providerId, apiKey);
    }

    /// <summary>The provider a key belongs to, or null for a missing, malformed or wrong key.</summary>
    public async Task<ProviderRecord?> AuthenticateAsync(string? apiKey, CancellationToken cancellationToken)
    {
        if (string.IsNullOrWhiteSpace(apiKey) || apiKey.Length > 200 || !apiKey.StartsWith(Prefix, StringComparison.Ordinal))
        {
            return null;
        }

        var rest = apiKey[Prefix.Length..];
        var separator = rest.LastIndexOf('_');
        if (separator <= 0)
        {
            return null;
        }

        var providerId = rest[..separator];
        if (!Ids.IsValid(providerId))
        {
            return null;
        }

        var provider = await store.FindAsync(providerId, cancellationToken);
        if (provider is null)
        {
            return null;
        }

        var expected = Convert.FromHexString(provider.KeyHash);
        var actual = SHA256.HashData(Encoding.UTF8.GetBytes(apiKey));
        return CryptographicOperations.FixedTimeEquals(expected, actual) ? provider : null;
    }

    public static string HashKey(string apiKey) => Convert.ToHexStringLower(SHA256.HashData(Encoding.UTF8.GetBytes(apiKey)));
}
