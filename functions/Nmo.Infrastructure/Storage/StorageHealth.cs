namespace Nmo.Infrastructure.Storage;

/// <summary>Storage is reachable when a cheap call to each service answers.</summary>
public sealed class StorageHealth(StorageClients clients)
{
    public async Task<bool> IsReachableAsync(CancellationToken cancellationToken)
    {
        try
        {
            using var timeout = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
            timeout.CancelAfter(TimeSpan.FromSeconds(10));
            await clients.Table(Core.Storage.StorageNames.Tables.Providers).GetEntityIfExistsAsync<Azure.Data.Tables.TableEntity>("health", "health", cancellationToken: timeout.Token);
            await clients.Queue(Core.Storage.StorageNames.Queues.Uploads).GetPropertiesAsync(timeout.Token);
            return true;
        }
        catch (Exception e) when (e is Azure.RequestFailedException or OperationCanceledException or HttpRequestException or AggregateException)
        {
            return false;
        }
    }
}
