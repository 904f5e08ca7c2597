using System.Data.Common;
using Azure.Core;
using Azure.Data.Tables;
using Azure.Identity;
using Azure.Storage.Blobs;
using Azure.Storage.Queues;
using Microsoft.Extensions.Configuration;
using Nmo.Core.Storage;

namespace Nmo.Infrastructure.Storage;

/// <summary>
/// The one place that creates storage clients. Queue clients always use Base64 message encoding, matching
/// host.json, so the queue triggers can read what the pipeline sends. The connection is either a connection
/// string in <c>AzureWebJobsStorage</c> or the identity-based settings the Functions host reads
/// (<c>AzureWebJobsStorage__blobServiceUri</c>, <c>__queueServiceUri</c>, <c>__tableServiceUri</c>,
/// <c>__credential</c>, <c>__clientId</c>).
/// </summary>
public sealed class StorageClients
{
    private readonly BlobServiceClient blobs;
    private readonly QueueServiceClient queues;
    private readonly TableServiceClient tables;

    public StorageClients(IConfiguration configuration, StorageClientOptions? options = null)
    {
        options ??= new StorageClientOptions();
        var connectionString = configuration[StorageNames.Connection];
        var blobOptions = options.Configure(new BlobClientOptions());
        var queueOptions = options.Configure(new QueueClientOptions { MessageEncoding = QueueMessageEncoding.Base64 });
        var tableOptions = options.Configure(new TableClientOptions());

        if (!string.IsNullOrWhiteSpace(connectionString))
        {
            ConnectionDescription = DescribeConnectionString(connectionString);
            blobs = new BlobServiceClient(connectionString, blobOptions);
            queues = new QueueServiceClient(connectionString, queueOptions);
            tables = new TableServiceClient(connectionString, tableOptions);
            return;
        }

        var section = configuration.GetSection(StorageNames.Connection);
        var blobUri = section["blobServiceUri"];
        var queueUri = section["queueServiceUri"];
        var tableUri = section["tableServiceUri"];
        if (blobUri is null || queueUri is null || tableUri is null)
        {
            throw new InvalidOperationException(
                $"Storage is not configured: set '{StorageNames.Connection}' to a connection string, or " +
                $"'{StorageNames.Connection}__blobServiceUri', '__queueServiceUri' and '__tableServiceUri' for an identity-based connection.");
        }

        var credential = CreateCredential(section["credential"], section["clientId"]);
        ConnectionDescription = $"identity-based ({new Uri(blobUri).Host})";
        blobs = new BlobServiceClient(new Uri(blobUri), credential, blobOptions);
        queues = new QueueServiceClient(new Uri(queueUri), credential, queueOptions);
        tables = new TableServiceClient(new Uri(tableUri), credential, tableOptions);
    }

    /// <summary>Where storage is, without any secret: for logs and the CLI.</summary>
    public string ConnectionDescription { get; }

    public QueueClient Queue(string name) => queues.GetQueueClient(name);

    public TableClient Table(string name) => tables.GetTableClient(name);

    public BlobContainerClient Container(string name) => blobs.GetBlobContainerClient(name);

    public TableServiceClient TableService => tables;

    /// <summary>
    /// Creates every queue (with its poison queue), table and container the pipeline uses. Azure deployments get
    /// them from the Bicep templates; local runs (Azurite) and tests call this.
    /// </summary>
    public async Task EnsureCreatedAsync(CancellationToken cancellationToken)
    {
        var work = new List<Task>();
        foreach (var queue in StorageNames.Queues.All)
        {
            work.Add(Queue(queue).CreateIfNotExistsAsync(cancellationToken: cancellationToken));
            work.Add(Queue(StorageNames.Queues.Poison(queue)).CreateIfNotExistsAsync(cancellationToken: cancellationToken));
        }

        work.AddRange(StorageNames.Tables.All.Select(t => Table(t).CreateIfNotExistsAsync(cancellationToken)));
        work.AddRange(StorageNames.Containers.All.Select(c => Container(c).CreateIfNotExistsAsync(cancellationToken: cancellationToken)));
        await Task.WhenAll(work).ConfigureAwait(false);
    }

    private static TokenCredential CreateCredential(string? credential, string? clientId)
    {
        if (string.Equals(credential, "managedidentity", StringComparison.OrdinalIgnoreCase))
        {
            return clientId is null
                ? new ManagedIdentityCredential(ManagedIdentityId.SystemAssigned)
                : new ManagedIdentityCredential(ManagedIdentityId.FromUserAssignedClientId(clientId));
        }

        return new DefaultAzureCredential(new DefaultAzureCredentialOptions { ManagedIdentityClientId = clientId });
    }

    private static string DescribeConnectionString(string connectionString)
    {
        var settings = new DbConnectionStringBuilder();
        try
        {
            settings.ConnectionString = connectionString;
        }
        catch (ArgumentException)
        {
            // Malformed: the storage clients refuse it next, with their own explanation.
            return "a connection string";
        }

        if (string.Equals(Value("UseDevelopmentStorage"), "true", StringComparison.OrdinalIgnoreCase))
        {
            return "development storage (Azurite, 127.0.0.1:10000-10002)";
        }

        return Value("BlobEndpoint") ?? $"account {Value("AccountName") ?? "?"}";

        string? Value(string key) => settings.TryGetValue(key, out var value) ? value as string : null;
    }
}
