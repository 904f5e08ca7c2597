using System.Net;
using System.Net.Http.Json;
using System.Text.Json.Nodes;
using Azure.Data.Tables;
using Nmo.Core.Storage;
using Nmo.Testing;

namespace Nmo.Functions.Tests.Cli;

/// <summary><c>nmo providers add --name NAME</c>, the built CLI run on Azurite as a user runs it.</summary>
public sealed class ProvidersVerbTests(AzuriteFixture azurite) : IClassFixture<AzuriteFixture>
{
    [Fact]
    public async Task The_key_it_prints_once_is_accepted_by_the_api_on_the_same_storage()
    {
        var (code, output, error) = await NmoAsync("providers", "add", "--name", "Общество кардиологов");

        Assert.Equal(0, code);
        var created = JsonNode.Parse(output)!;
        var providerId = created["providerId"]!.GetValue<string>();
        var apiKey = created["apiKey"]!.GetValue<string>();
        Assert.StartsWith($"nmo_{providerId}_", apiKey, StringComparison.Ordinal);
        Assert.Contains("cannot be shown again", error, StringComparison.Ordinal);

        await using var host = await PipelineHost.StartAsync(azurite);
        using var provider = host.ClientFor(apiKey);
        var put = await provider.PutAsJsonAsync("api/events/cli-school", new
        {
            title = "Школа кардиолога", kind = "event", startDate = "2026-11-20", endDate = "2026-11-21", place = "Москва", credits = 6,
        });
        Assert.Equal(HttpStatusCode.Created, put.StatusCode);
        Assert.Equal(providerId, (await PipelineHost.JsonAsync(put))["providerId"]!.GetValue<string>());
    }

    [Fact]
    public async Task Rotate_key_prints_the_new_key_once_and_list_keys_and_revoke_key_show_ids_only()
    {
        var created = JsonNode.Parse((await NmoAsync("providers", "add", "--name", "Провайдер CLI")).Output)!;
        var providerId = created["providerId"]!.GetValue<string>();

        var (rotateCode, rotateOutput, _) = await NmoAsync("providers", "rotate-key", "--provider", providerId, "--grace-days", "3");
        var (listCode, listOutput, _) = await NmoAsync("providers", "list-keys", "--provider", providerId);
        var rotated = JsonNode.Parse(rotateOutput)!;
        var firstKeyId = JsonNode.Parse(listOutput)!["keys"]!.AsArray().Select(k => k!["keyId"]!.GetValue<string>()).First(id => id != rotated["keyId"]!.GetValue<string>());
        var (revokeCode, revokeOutput, _) = await NmoAsync("providers", "revoke-key", "--provider", providerId, "--key", firstKeyId);

        Assert.Equal(0, rotateCode);
        Assert.StartsWith($"nmo_{providerId}_", rotated["apiKey"]!.GetValue<string>(), StringComparison.Ordinal);
        Assert.Equal(0, listCode);
        Assert.DoesNotContain("nmo_", listOutput, StringComparison.Ordinal);
        Assert.Equal(2, JsonNode.Parse(listOutput)!["keys"]!.AsArray().Count);
        Assert.Equal(0, revokeCode);
        Assert.Equal("revoked", JsonNode.Parse(revokeOutput)!["state"]!.GetValue<string>());
        Assert.Equal(1, (await NmoAsync("providers", "revoke-key", "--provider", providerId, "--key", "key-0000000000000000")).ExitCode);
    }

    [Fact]
    public async Task A_blank_name_is_a_usage_error_and_creates_no_provider()
    {
        var clients = azurite.Clients();
        await clients.EnsureCreatedAsync(CancellationToken.None);
        var before = await CountAsync(clients.Table(StorageNames.Tables.Providers));

        var (code, output, error) = await NmoAsync("providers", "add", "--name", "  ");

        Assert.Equal(2, code);
        Assert.Empty(output);
        Assert.Contains("name", error, StringComparison.Ordinal);
        Assert.Contains("usage: nmo providers add --name NAME", error, StringComparison.Ordinal);
        Assert.Equal(before, await CountAsync(clients.Table(StorageNames.Tables.Providers)));
    }

    private static async Task<int> CountAsync(TableClient table)
    {
        var count = 0;
        await foreach (var _ in table.QueryAsync<TableEntity>(select: ["RowKey"]))
        {
            count++;
        }

        return count;
    }

    /// <summary>Storage set the way a user sets it: an environment variable.</summary>
    private Task<(int ExitCode, string Output, string Error)> NmoAsync(params string[] args) =>
        NmoCli.RunAsync(new Dictionary<string, string> { [StorageNames.Connection] = azurite.ConnectionString }, args);
}
