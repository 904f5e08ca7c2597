using System.Text.Json;
using Nmo.Core.Audit;
using Nmo.Core.Common;
using Nmo.Core.Localization;

namespace Nmo.Core.Providers;

/// <summary>
/// An operator's work on provider keys: list them (never the key), rotate (a new key, shown once, while the keys
/// before it keep working for the grace period) and revoke (refused from the next request on). Every change is
/// audited under the provider's id.
/// </summary>
public sealed class ProviderKeyService(IProviderStore store, IAuditLog audit, ProviderKeyOptions options, TimeProvider time)
{
    public const string Rotated = "provider-key.rotated";
    public const string Revoked = "provider-key.revoked";
    public static readonly TimeSpan MaxGracePeriod = TimeSpan.FromDays(90);

    public async Task<Result<ProviderKeyView[]>> ListAsync(string providerId, Language language, CancellationToken cancellationToken)
    {
        var keys = await KeysAsync(providerId, cancellationToken);
        if (keys is null)
        {
            return Problem.Of(ProblemType.ProviderNotFound, language);
        }

        var now = time.GetUtcNow();
        return keys.OrderBy(k => k.CreatedAt).Select(k => new ProviderKeyView(k.KeyId, k.CreatedAt, k.ExpiresAt, k.RevokedAt, k.StateAt(now))).ToArray();
    }

    /// <param name="grace">How long the keys before this one keep working; null: <see cref="ProviderKeyOptions.KeyGracePeriod"/>.</param>
    public async Task<Result<ProviderKeyRotated>> RotateAsync(string providerId, TimeSpan? grace, string actor, Language language, CancellationToken cancellationToken)
    {
        var period = grace ?? options.KeyGracePeriod;
        if (period < TimeSpan.Zero || period > MaxGracePeriod)
        {
            return Problem.Of(ProblemType.QueryInvalid, language, "graceDays", $"0..{MaxGracePeriod.TotalDays}");
        }

        var keys = await KeysAsync(providerId, cancellationToken);
        if (keys is null)
        {
            return Problem.Of(ProblemType.ProviderNotFound, language);
        }

        var now = time.GetUtcNow();
        var expires = now + period;
        var shortened = new List<string>();
        foreach (var key in keys.Where(k => k.IsValidAt(now) && (k.ExpiresAt is null || k.ExpiresAt > expires)))
        {
            await store.SaveKeyAsync(key with { ExpiresAt = expires }, cancellationToken);
            shortened.Add(key.KeyId);
        }

        var apiKey = ProviderService.NewKey(providerId);
        var hash = ProviderService.HashKey(apiKey);
        var created = new ProviderKey(providerId, ProviderKey.IdOf(hash), hash, now, null, null);
        await store.SaveKeyAsync(created, cancellationToken);
        await audit.RecordAsync(
            [new AuditRecord(providerId, $"{Rotated}|{created.KeyId}", now, actor, Rotated, null, null,
                Json(new { keys = shortened }), Json(new { keyId = created.KeyId, previousKeysExpireAt = expires }))],
            cancellationToken);
        return new ProviderKeyRotated(providerId, created.KeyId, apiKey, expires);
    }

    /// <summary>Revokes a key at once; revoking it again changes nothing.</summary>
    public async Task<Result<ProviderKeyView>> RevokeAsync(string providerId, string keyId, string actor, Language language, CancellationToken cancellationToken)
    {
        var keys = await KeysAsync(providerId, cancellationToken);
        if (keys is null)
        {
            return Problem.Of(ProblemType.ProviderNotFound, language);
        }

        var key = keys.FirstOrDefault(k => k.KeyId == keyId);
        if (key is null)
        {
            return Problem.Of(ProblemType.ProviderKeyNotFound, language);
        }

        var now = time.GetUtcNow();
        if (key.RevokedAt is null)
        {
            key = key with { RevokedAt = now };
            await store.SaveKeyAsync(key, cancellationToken);
            await audit.RecordAsync(
                [new AuditRecord(providerId, $"{Revoked}|{keyId}", now, actor, Revoked, null, null,
                    Json(new { keyId, expiresAt = key.ExpiresAt }), Json(new { keyId, revokedAt = now }))],
                cancellationToken);
        }

        return new ProviderKeyView(key.KeyId, key.CreatedAt, key.ExpiresAt, key.RevokedAt, key.StateAt(now));
    }

    /// <summary>The key records and, while it has none, the first key from the provider record; null for no provider.</summary>
    private async Task<List<ProviderKey>?> KeysAsync(string providerId, CancellationToken cancellationToken)
    {
        if (!Ids.IsValid(providerId) || await store.FindAsync(providerId, cancellationToken) is not { } provider)
        {
            return null;
        }

        var keys = (await store.ListKeysAsync(providerId, cancellationToken)).ToList();
        var first = ProviderKey.IdOf(provider.KeyHash);
        if (keys.All(k => k.KeyId != first))
        {
            keys.Add(new ProviderKey(providerId, first, provider.KeyHash, provider.CreatedAt, null, null));
        }

        return keys;
    }

    private static string Json(object value) => JsonSerializer.Serialize(value, new JsonSerializerOptions(JsonSerializerDefaults.Web));
}
