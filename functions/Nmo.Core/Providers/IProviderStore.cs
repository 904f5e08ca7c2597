namespace Nmo.Core.Providers;

public interface IProviderStore
{
    Task AddAsync(ProviderRecord provider, CancellationToken cancellationToken);

    Task<ProviderRecord?> FindAsync(string providerId, CancellationToken cancellationToken);

    /// <summary>The key record named <paramref name="keyId"/>; null for a provider's first key never changed since.</summary>
    Task<ProviderKey?> FindKeyAsync(string providerId, string keyId, CancellationToken cancellationToken);

    /// <summary>The provider's key records (not the first key while it is unchanged: that one lives in its provider record).</summary>
    Task<IReadOnlyList<ProviderKey>> ListKeysAsync(string providerId, CancellationToken cancellationToken);

    /// <summary>Adds or replaces a key record.</summary>
    Task SaveKeyAsync(ProviderKey key, CancellationToken cancellationToken);
}
