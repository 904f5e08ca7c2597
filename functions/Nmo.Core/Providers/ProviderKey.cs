namespace Nmo.Core.Providers;

/// <summary>
/// One API key of a provider, by its SHA-256 only. <see cref="KeyId"/> is taken from the hash, so the key a caller
/// sends names its own record (one point read). A key stops working at <see cref="ExpiresAt"/> (the end of a
/// rotation's grace period) or at once when <see cref="RevokedAt"/> is set.
/// </summary>
public sealed record ProviderKey(string ProviderId, string KeyId, string KeyHash, DateTimeOffset CreatedAt, DateTimeOffset? ExpiresAt, DateTimeOffset? RevokedAt)
{
    public bool IsValidAt(DateTimeOffset now) => RevokedAt is null && (ExpiresAt is not { } expires || now < expires);

    public string StateAt(DateTimeOffset now) =>
        RevokedAt is not null ? "revoked" : ExpiresAt is { } expires ? (now < expires ? "expiring" : "expired") : "active";

    public static string IdOf(string keyHash) => "key-" + keyHash[..16];
}
