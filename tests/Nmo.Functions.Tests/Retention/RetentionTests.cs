using System.Net.Http.Headers;
using Azure.Data.Tables;
using Microsoft.Azure.Functions.Worker;
using Microsoft.Extensions.DependencyInjection;
using Nmo.Core.Email;
using Nmo.Core.Storage;
using Nmo.Functions.Tests.Activations;
using Nmo.Functions.Timers;
using Nmo.Infrastructure.Blobs;
using Nmo.Infrastructure.Retention;
using Nmo.Testing;

namespace Nmo.Functions.Tests.Retention;

/// <summary>
/// Issue 11 item 12: the nightly retention run (the real timer function) removes personal data once its time is up
/// (raw uploads after a year, names and e-mails after six) and keeps what proves a credit; codes still activate.
/// </summary>
public sealed class RetentionTests(AzuriteFixture azurite) : IClassFixture<AzuriteFixture>
{
    [Fact]
    public async Task Personal_data_goes_when_its_retention_ends_and_the_credits_stay_provable()
    {
        await using var world = await ActivationWorld.StartAsync(azurite);
        var eventId = ActivationWorld.NewId("rt");
        var codes = await world.IssueCodesAsync(eventId, "kept@clinic.example", "later@clinic.example");
        (await world.ActivateAsync("doc-rt-1", codes["kept@clinic.example"], email: "kept@clinic.example", name: "Антонов Андрей")).EnsureSuccessStatusCode();
        await world.WaitForEmptyQueueAsync(StorageNames.Queues.CreditNotices);
        var storage = world.Host.Storage;
        var upload = Assert.Single(await StoredEntities.AllAsync(storage.Table(StorageNames.Tables.Uploads), e => e.RowKey == "upload" && e.GetString("EventId") == eventId));
        var blob = storage.Container(StorageNames.Containers.Uploads).GetBlobClient(upload.GetString("BlobName"));
        Assert.True((await blob.ExistsAsync()).Value);

        // The certificates' batch went once used; one left by a processor stopped before it queued its message holds
        // the same names and e-mails as the file, so it goes with the file.
        var batches = BlobCertificateBatchStore.Prefix(eventId, upload.PartitionKey);
        Assert.Empty(await storage.Container(StorageNames.Containers.Uploads).GetBlobsAsync(prefix: batches).ToListAsync());
        var left = await world.Host.Services.GetRequiredService<ICertificateBatchStore>().SaveAsync(eventId, upload.PartitionKey, [], CancellationToken.None);
        Assert.StartsWith(batches, left, StringComparison.Ordinal);

        // Today nothing is old enough.
        var today = await SweepAsync(world, TimeSpan.Zero);
        Assert.Equal(new RetentionSweepResult(0, 0, 0, 0), today);

        // After a year and a bit the nightly timer deletes the raw file (with its per-row results); the people are
        // still on record, and a second run finds nothing left to do.
        await new RetentionFunctions(RetentionAt(world, TimeSpan.FromDays(366))).ApplyRetention(new TimerInfo(), CancellationToken.None);
        Assert.Equal(new RetentionSweepResult(0, 0, 0, 0), await SweepAsync(world, TimeSpan.FromDays(366)));
        Assert.False((await blob.ExistsAsync()).Value);
        Assert.False((await storage.Container(StorageNames.Containers.Uploads).GetBlobClient(left).ExistsAsync()).Value);
        Assert.Empty(await StoredEntities.AllAsync(storage.Table(StorageNames.Tables.UploadRows), e => e.PartitionKey == upload.PartitionKey));
        Assert.Contains(await AttendeesAsync(storage, eventId), a => a.GetString("Email") == "kept@clinic.example");

        // After six years and a bit the names and e-mails go; the ledger entry, its hours and code hash stay.
        var ledgerBefore = Assert.Single(await StoredEntities.AllAsync(storage.Table(StorageNames.Tables.Ledger), e => e.PartitionKey == "doc-rt-1"));
        var later = await SweepAsync(world, TimeSpan.FromDays(6 * 366));
        Assert.Equal(2, later.AttendeesAnonymised);
        Assert.True(later.CertificatesAnonymised >= 2);
        Assert.True(later.LedgerEntriesAnonymised >= 1);

        foreach (var attendee in await AttendeesAsync(storage, eventId))
        {
            Assert.Equal(PersonalData.ErasedName, attendee.GetString("FullName"));
            Assert.Equal(PersonalData.ErasedValue, attendee.GetString("Email"));
            Assert.Equal(PersonalData.ErasedValue, attendee.GetString("ProtectedCode"));
            Assert.False(string.IsNullOrEmpty(attendee.GetString("CodeHash")));
            Assert.Equal(TableRetention.By, attendee.GetString(PersonalData.RemovedBy));
        }

        var ledgerAfter = Assert.Single(await StoredEntities.AllAsync(storage.Table(StorageNames.Tables.Ledger), e => e.PartitionKey == "doc-rt-1"));
        Assert.Equal(PersonalData.ErasedValue, ledgerAfter.GetString("Email"));
        foreach (var proof in new[] { "Kind", "ActivityId", "Title", "ProviderId", "Date", "Credits", "CodeHash", "MaskedCode", "CreditedAt" })
        {
            Assert.Equal(ledgerBefore[proof], ledgerAfter[proof]);
        }

        Assert.Equal(6m, (await world.ReportAsync("doc-rt-1"))["totals"]!["total"]!.GetValue<decimal>());
        var certificateId = (await StoredEntities.AllAsync(storage.Table(StorageNames.Tables.Certificates), c => c.GetString("EventId") == eventId))[0].RowKey;
        using var page = new HttpRequestMessage(HttpMethod.Get, $"api/certificates/{certificateId}");
        page.Headers.Accept.Add(new MediaTypeWithQualityHeaderValue("application/json"));
        var shown = await world.Host.Http.SendAsync(page);
        Assert.True(shown.IsSuccessStatusCode, await shown.Content.ReadAsStringAsync());
        Assert.DoesNotContain("Антонов", await shown.Content.ReadAsStringAsync(), StringComparison.Ordinal);

        // Nothing earned expires: the code nobody activated still credits its doctor; a second run changes nothing.
        var activation = await world.ActivateAsync("doc-rt-2", codes["later@clinic.example"]);
        Assert.True(activation.IsSuccessStatusCode, await activation.Content.ReadAsStringAsync());
        await world.WaitForEmptyQueueAsync(StorageNames.Queues.CreditNotices);
        var again = await SweepAsync(world, TimeSpan.FromDays(6 * 366));
        Assert.Equal(0, again.AttendeesAnonymised);
        Assert.Equal(0, again.RawUploadsDeleted);
    }

    private static TableRetention RetentionAt(ActivationWorld world, TimeSpan ahead) =>
        ActivatorUtilities.CreateInstance<TableRetention>(world.Host.Services, (TimeProvider)new ShiftedClock(ahead));

    private static Task<RetentionSweepResult> SweepAsync(ActivationWorld world, TimeSpan ahead) =>
        RetentionAt(world, ahead).SweepAsync(CancellationToken.None);

    private static Task<List<TableEntity>> AttendeesAsync(Nmo.Infrastructure.Storage.StorageClients storage, string eventId) =>
        // The upload's outcome tallies share the event's partition and sort after every attendee ('~').
        StoredEntities.AllAsync(storage.Table(StorageNames.Tables.Attendees), a => a.PartitionKey == eventId && string.CompareOrdinal(a.RowKey, "~") < 0);

    private sealed class ShiftedClock(TimeSpan ahead) : TimeProvider
    {
        public override DateTimeOffset GetUtcNow() => System.GetUtcNow() + ahead;
    }
}
