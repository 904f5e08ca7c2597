using Microsoft.Extensions.Configuration;
using Nmo.Azurite;
using Nmo.Infrastructure.Storage;

namespace Nmo.Infrastructure.Tests.Storage;

public sealed class StorageClientsTests
{
    private const string AccountKey = "bm1vLXRlc3Qta2V5LW5vdC1hLXNlY3JldA==";
    private const string Signature = "sig=c2lnbmF0dXJl%3D";

    [Theory]
    [InlineData("UseDevelopmentStorage=true", "development storage (Azurite, 127.0.0.1:10000-10002)")]
    [InlineData($"DefaultEndpointsProtocol=https;AccountName=nmoprod;AccountKey={AccountKey};EndpointSuffix=core.windows.net", "account nmoprod")]
    [InlineData(
        $"BlobEndpoint=https://nmoprod.blob.core.windows.net/;QueueEndpoint=https://nmoprod.queue.core.windows.net/;TableEndpoint=https://nmoprod.table.core.windows.net/;SharedAccessSignature=sv=2022-11-02&ss=bqt&{Signature}",
        "https://nmoprod.blob.core.windows.net/")]
    public void A_connection_string_is_described_by_where_it_points_and_never_by_its_secret(string connectionString, string expected)
    {
        var description = Clients(new() { ["AzureWebJobsStorage"] = connectionString }).ConnectionDescription;

        Assert.Equal(expected, description);
        Assert.DoesNotContain(AccountKey, description, StringComparison.Ordinal);
        Assert.DoesNotContain(Signature, description, StringComparison.Ordinal);
    }

    [Fact]
    public void An_azurite_of_our_own_is_described_by_its_blob_endpoint()
    {
        var description = Clients(new() { ["AzureWebJobsStorage"] = AzuriteConnectionStrings.For(41000, 41001, 41002) }).ConnectionDescription;

        Assert.Equal("http://127.0.0.1:41000/devstoreaccount1", description);
        Assert.DoesNotContain(AzuriteConnectionStrings.AccountKey, description, StringComparison.Ordinal);
    }

    [Fact]
    public void An_identity_based_connection_is_described_by_its_blob_host()
    {
        var clients = Clients(new()
        {
            ["AzureWebJobsStorage:blobServiceUri"] = "https://nmoprod.blob.core.windows.net",
            ["AzureWebJobsStorage:queueServiceUri"] = "https://nmoprod.queue.core.windows.net",
            ["AzureWebJobsStorage:tableServiceUri"] = "https://nmoprod.table.core.windows.net",
            ["AzureWebJobsStorage:credential"] = "managedidentity",
        });

        Assert.Equal("identity-based (nmoprod.blob.core.windows.net)", clients.ConnectionDescription);
    }

    private static StorageClients Clients(Dictionary<string, string?> settings) =>
        new(new ConfigurationBuilder().AddInMemoryCollection(settings).Build());
}
