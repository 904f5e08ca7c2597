using System.Security.Cryptography;
using System.Text;
using Nmo.Core.Common;
using Nmo.Core.Localization;

namespace Nmo.Core.Providers;

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
    /// every certificate of the provider, hence the rules of <see cref="TextField"/>.
    /// </summary>
    public static string? ValidateName(string? name, Language language) => TextField.Check(name, "name", MaxNameLength, language);

    /// <summary>Creates a provider whose name passes <see cref="ValidateName"/>; the key is in the answer only.</summary>
    public async Task<Result<ProviderCreated>> RegisterAsync(string? name, Language language, CancellationToken cancellationToken) =>
        ValidateName(name, language) is { } reason
            ? Problem.Of(ProblemType.ProviderInvalid, language, reason)
            : await CreateAsync(name!, cancellationToken);

    public async Task<ProviderCreated> CreateAsync(string name, CancellationToken cancellationToken)
    {
        var providerId = Ids.New("prv");
        var apiKey = NewKey(providerId);
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

        // A key record (rotated, revoked, or made by a rotation) decides; else the provider's first key.
        var actual = SHA256.HashData(Encoding.UTF8.GetBytes(apiKey));
        var record = await store.FindKeyAsync(providerId, ProviderKey.IdOf(Convert.ToHexStringLower(actual)), cancellationToken);
        var expected = Convert.FromHexString(record?.KeyHash ?? provider.KeyHash);
        return CryptographicOperations.FixedTimeEquals(expected, actual) && (record is null || record.IsValidAt(time.GetUtcNow())) ? provider : null;
    }

    /// <summary>A new key for <paramref name="providerId"/>: 32 random bytes after the provider's id.</summary>
    public static string NewKey(string providerId)
    {
        var secret = Convert.ToBase64String(RandomNumberGenerator.GetBytes(32))
            .TrimEnd('=').Replace('+', 'A').Replace('/', 'B');
        return $"{Prefix}{providerId}_{secret}";
    }

    public static string HashKey(string apiKey) => Convert.ToHexStringLower(SHA256.HashData(Encoding.UTF8.GetBytes(apiKey)));
}
