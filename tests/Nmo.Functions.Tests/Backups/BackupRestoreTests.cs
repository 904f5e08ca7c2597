using Azure.Data.Tables;
using Microsoft.Azure.Functions.Worker;
using Microsoft.Extensions.DependencyInjection;
using Nmo.Core.Configuration;
using Nmo.Core.Storage;
using Nmo.Functions.Tests.Activations;
using Nmo.Functions.Tests.Cli;
using Nmo.Functions.Tests.Retention;
using Nmo.Functions.Timers;
using Nmo.Infrastructure.Backups;
using Nmo.Infrastructure.Storage;
using Nmo.Testing;

namespace Nmo.Functions.Tests.Backups;

/// <summary>
/// Issue 11 item 13: the nightly export of the tables that prove credits, and <c>nmo restore</c> (the built CLI,
/// run as an operator runs it) into a second, empty Azurite that then activates the codes already e-mailed.
/// </summary>
public sealed class BackupRestoreTests(AzuriteFixture azurite) : IClassFixture<AzuriteFixture>
{
    private static readonly HashSet<string> ServiceProperties = ["PartitionKey", "RowKey", "Timestamp", "odata.etag"];

    [Fact]
    public async Task An_export_restored_into_an_empty_store_holds_every_entity_and_its_codes_still_activate()
    {
        var settings = new Dictionary<string, string?> { [SettingNames.CodeHashKey] = "backup-tests-" + Guid.NewGuid().ToString("N") };
        var eventId = ActivationWorld.NewId("bk");
        string dayFolder;
        IReadOnlyDictionary<string, string> codes;
        await using (var world = await ActivationWorld.StartAsync(azurite, settings: settings))
        {
            codes = await world.IssueCodesAsync(eventId, "first@clinic.example", "second@clinic.example", "third@clinic.example");
            (await world.ActivateAsync("doc-bk-1", codes["first@clinic.example"])).EnsureSuccessStatusCode();
            await world.WaitForEmptyQueueAsync(StorageNames.Queues.CreditNotices);

            var export = ActivatorUtilities.CreateInstance<BackupFunctions>(world.Host.Services);
            await export.ExportTables(new TimerInfo(), CancellationToken.None);
            var backups = world.Host.Storage.Container(StorageNames.Containers.Backups);
            var manifests = new List<string>();
            await foreach (var blob in backups.GetBlobsAsync())
            {
                if (blob.Name.EndsWith("/" + BackupNames.ManifestFile, StringComparison.Ordinal))
                {
                    manifests.Add(blob.Name);
                }
            }

            dayFolder = Assert.Single(manifests).Split('/')[0];
            var ledgerBlob = backups.GetBlobClient($"{dayFolder}/{StorageNames.Tables.Ledger}.jsonl.gz");
            var before = (await ledgerBlob.GetPropertiesAsync()).Value.ETag;

            // A second run the same day (a retry, a second instance) writes nothing, even after more credits.
            (await world.ActivateAsync("doc-bk-3", codes["third@clinic.example"])).EnsureSuccessStatusCode();
            await export.ExportTables(new TimerInfo(), CancellationToken.None);
            Assert.Equal(before, (await ledgerBlob.GetPropertiesAsync()).Value.ETag);
            await world.WaitForEmptyQueueAsync(StorageNames.Queues.CreditNotices);
        }

        await using var target = AzuriteFixture.InMemory();
        await target.InitializeAsync();
        var source = azurite.Clients();
        var expectedLedger = (await EntitiesAsync(source, StorageNames.Tables.Ledger)).Count(e => e.PartitionKey == "doc-bk-1");
        Assert.Equal(1, expectedLedger);

        var (code, output, error) = await NmoCli.RunAsync(
            new Dictionary<string, string> { [StorageNames.Connection] = azurite.ConnectionString },
            "restore", "--from", $"{StorageNames.Containers.Backups}/{dayFolder}/", "--connection", target.ConnectionString);
        Assert.True(code == 0, output + error);
        var restoredClients = target.Clients();
        foreach (var table in StorageNames.Tables.BackedUp)
        {
            var original = await EntitiesAsync(source, table);
            var restored = await EntitiesAsync(restoredClients, table);
            Assert.Contains($"{table}: ", output, StringComparison.Ordinal);
            if (table != StorageNames.Tables.Ledger && table != StorageNames.Tables.Codes && table != StorageNames.Tables.Audit)
            {
                // The third activation came after the export: only its code, its credit and their audit records changed since.
                Assert.Contains($"{table}: {original.Count}", output, StringComparison.Ordinal);
                AssertSame(original, restored, table);
            }
        }

        var laterCode = (await EntitiesAsync(source, StorageNames.Tables.Codes)).Single(e => e.GetString("DoctorId") == "doc-bk-3");
        AssertSame(
            (await EntitiesAsync(source, StorageNames.Tables.Codes)).Where(e => e.RowKey != laterCode.RowKey).ToList(),
            (await EntitiesAsync(restoredClients, StorageNames.Tables.Codes)).Where(e => e.RowKey != laterCode.RowKey).ToList(),
            StorageNames.Tables.Codes);
        var exportedLedger = await EntitiesAsync(restoredClients, StorageNames.Tables.Ledger);
        Assert.Contains(exportedLedger, e => e.PartitionKey == "doc-bk-1");
        Assert.DoesNotContain(exportedLedger, e => e.PartitionKey == "doc-bk-3");
        var sourceLedger = (await EntitiesAsync(source, StorageNames.Tables.Ledger)).Where(e => e.PartitionKey != "doc-bk-3").ToList();
        AssertSame(sourceLedger, exportedLedger, StorageNames.Tables.Ledger);

        await using (var restoredHost = await ActivationWorld.StartAsync(target, outbox: true, settings: settings))
        {
            var fresh = await restoredHost.ActivateAsync("doc-bk-2", codes["second@clinic.example"]);
            Assert.True(fresh.IsSuccessStatusCode, await fresh.Content.ReadAsStringAsync());
            Assert.False((await PipelineHost.JsonAsync(fresh))["alreadyActivated"]!.GetValue<bool>());

            var again = await restoredHost.ActivateAsync("doc-bk-1", codes["first@clinic.example"]);
            Assert.True(again.IsSuccessStatusCode, await again.Content.ReadAsStringAsync());
            Assert.True((await PipelineHost.JsonAsync(again))["alreadyActivated"]!.GetValue<bool>());
            var report = await restoredHost.ReportAsync("doc-bk-1");
            Assert.Equal(6m, report["totals"]!["total"]!.GetValue<decimal>());
        }

        // Restoring again over what is now live data is refused, and nothing is written.
        var countsBefore = (await EntitiesAsync(restoredClients, StorageNames.Tables.Ledger)).Count;
        var (refused, _, why) = await NmoCli.RunAsync(
            new Dictionary<string, string> { [StorageNames.Connection] = azurite.ConnectionString },
            "restore", "--from", dayFolder, "--connection", target.ConnectionString);
        Assert.Equal(1, refused);
        Assert.Contains("not empty", why, StringComparison.Ordinal);
        Assert.Equal(countsBefore, (await EntitiesAsync(restoredClients, StorageNames.Tables.Ledger)).Count);
    }

    [Fact]
    public async Task A_day_without_an_export_is_refused_and_a_bad_from_is_a_usage_error()
    {
        var environment = new Dictionary<string, string> { [StorageNames.Connection] = azurite.ConnectionString };

        var (missing, _, why) = await NmoCli.RunAsync(environment, "restore", "--from", "1999-01-01");
        var (usage, _, how) = await NmoCli.RunAsync(environment, "restore", "--from", "yesterday");

        Assert.Equal(1, missing);
        Assert.Contains("no complete export for 1999-01-01", why, StringComparison.Ordinal);
        Assert.Equal(2, usage);
        Assert.Contains("usage: nmo restore", how, StringComparison.Ordinal);
    }

    private static Task<List<TableEntity>> EntitiesAsync(StorageClients clients, string table) =>
        StoredEntities.AllAsync(clients.Table(table));

    private static void AssertSame(List<TableEntity> expected, List<TableEntity> actual, string table)
    {
        Assert.True(expected.Count == actual.Count, $"{table}: {expected.Count} entities stored, {actual.Count} restored");
        var byKey = actual.ToDictionary(e => (e.PartitionKey, e.RowKey));
        foreach (var entity in expected)
        {
            Assert.True(byKey.TryGetValue((entity.PartitionKey, entity.RowKey), out var copy), $"{table}: {entity.PartitionKey}/{entity.RowKey} not restored");
            var want = entity.Where(p => !ServiceProperties.Contains(p.Key)).OrderBy(p => p.Key, StringComparer.Ordinal)
                .Select(p => $"{p.Key}:{p.Value?.GetType().Name}:{Render(p.Value)}").ToList();
            var got = copy.Where(p => !ServiceProperties.Contains(p.Key)).OrderBy(p => p.Key, StringComparer.Ordinal)
                .Select(p => $"{p.Key}:{p.Value?.GetType().Name}:{Render(p.Value)}").ToList();
            Assert.Equal(want, got);
        }
    }

    private static string Render(object? value) => value switch
    {
        DateTimeOffset t => t.UtcTicks.ToString(System.Globalization.CultureInfo.InvariantCulture),
        byte[] b => Convert.ToBase64String(b),
        _ => Convert.ToString(value, System.Globalization.CultureInfo.InvariantCulture) ?? "",
    };
}
