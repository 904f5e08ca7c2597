namespace Nmo.Core.Providers;

public interface IProviderStore
{
    Task AddAsync(ProviderRecord provider, CancellationToken cancellationToken);

    Task<ProviderRecord?> FindAsync(string providerId, CancellationToken cancellationToken);
}
