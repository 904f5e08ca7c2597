using Azure.Data.Tables;
using Nmo.Core.Storage;
using Nmo.Functions.Tests.Activations;
using Nmo.Functions.Tests.Cli;
using Nmo.Infrastructure.Retention;
using Nmo.Testing;

namespace Nmo.Functions.Tests.Retention;

/// <summary>Issue 11 item 12: <c>nmo erase</c>, the built CLI run on Azurite as an operator runs it.</summary>
public sealed class ErasureTests(AzuriteFixture azurite) : IClassFixture<AzuriteFixture>
{
    [Fact]
    public async Task Erasing_a_doctor_removes_their_names_and_e_mails_keeps_the_credit_and_says_so_masked()
    {
        await using var world = await ActivationWorld.StartAsync(azurite);
        var eventId = ActivationWorld.NewId("er");
        var codes = await world.IssueCodesAsync(eventId, "erased@clinic.example", "other@clinic.example");
        (await world.ActivateAsync("doc-er-1", codes["erased@clinic.example"], email: "erased@clinic.example", name: "Антонов Андрей")).EnsureSuccessStatusCode();
        await world.WaitForEmptyQueueAsync(StorageNames.Queues.CreditNotices);
        var storage = world.Host.Storage;
        var ledgerBefore = Assert.Single(await StoredEntities.AllAsync(storage.Table(StorageNames.Tables.Ledger), e => e.PartitionKey == "doc-er-1"));

        var (code, output, error) = await EraseAsync("--doctor", "doc-er-1");

        Assert.True(code == 0, output + error);
        Assert.Contains("Ledger doc-er-1/", output, StringComparison.Ordinal);
        Assert.Contains($"Attendees {eventId}/", output, StringComparison.Ordinal);
        Assert.Contains("Certificates ", output, StringComparison.Ordinal);
        Assert.Contains("Kept, as proof of credits", output, StringComparison.Ordinal);
        Assert.Contains("still stored, exactly as sent with other attendees, until", output, StringComparison.Ordinal);
        Assert.DoesNotContain("erased@clinic.example", output + error, StringComparison.OrdinalIgnoreCase);
        Assert.DoesNotContain("Антонов", output + error, StringComparison.Ordinal);

        var attendees = await StoredEntities.AllAsync(storage.Table(StorageNames.Tables.Attendees), a => a.PartitionKey == eventId);
        var erased = Assert.Single(attendees, a => a.GetString(PersonalData.RemovedBy) == PersonalDataEraser.By);
        Assert.Equal(PersonalData.ErasedName, erased.GetString("FullName"));
        Assert.Equal(PersonalData.ErasedValue, erased.GetString("Email"));
        Assert.False(string.IsNullOrEmpty(erased.GetString("CodeHash")));
        Assert.Single(attendees, a => a.GetString("Email") == "other@clinic.example" && a.GetString("FullName") != PersonalData.ErasedName);
        var ledgerAfter = Assert.Single(await StoredEntities.AllAsync(storage.Table(StorageNames.Tables.Ledger), e => e.PartitionKey == "doc-er-1"));
        Assert.Equal(PersonalData.ErasedValue, ledgerAfter.GetString("Email"));
        Assert.Equal(PersonalData.ErasedName, ledgerAfter.GetString("DoctorName"));
        foreach (var proof in new[] { "Kind", "ActivityId", "Date", "Credits", "CodeHash", "MaskedCode", "CreditedAt" })
        {
            Assert.Equal(ledgerBefore[proof], ledgerAfter[proof]);
        }

        Assert.Equal(6m, (await world.ReportAsync("doc-er-1"))["totals"]!["total"]!.GetValue<decimal>());

        // Idempotent: a second request changes nothing and says so.
        var (twice, again, _) = await EraseAsync("--email", "Erased@Clinic.example");
        Assert.Equal(0, twice);
        Assert.Contains("Changed: nothing (already erased)", again, StringComparison.Ordinal);

        // The raw file (which holds the colleague too) goes only when asked; the colleague's code still activates.
        var upload = Assert.Single(await StoredEntities.AllAsync(storage.Table(StorageNames.Tables.Uploads), e => e.RowKey == "upload" && e.GetString("EventId") == eventId));
        var blob = storage.Container(StorageNames.Containers.Uploads).GetBlobClient(upload.GetString("BlobName"));
        Assert.True((await blob.ExistsAsync()).Value);
        var (deleted, raw, _) = await EraseAsync("--doctor", "doc-er-1", "--delete-raw");
        Assert.Equal(0, deleted);
        Assert.Contains($"{upload.PartitionKey} (event {eventId}): deleted now", raw, StringComparison.Ordinal);
        Assert.False((await blob.ExistsAsync()).Value);
        var colleague = await world.ActivateAsync("doc-er-2", codes["other@clinic.example"]);
        Assert.True(colleague.IsSuccessStatusCode, await colleague.Content.ReadAsStringAsync());
    }

    [Fact]
    public async Task An_unknown_person_changes_nothing_and_no_person_is_a_usage_error()
    {
        await azurite.Clients().EnsureCreatedAsync(CancellationToken.None);

        var (unknown, output, _) = await EraseAsync("--email", "nobody@nowhere.example");
        var (usage, _, how) = await EraseAsync("--snils", "123-456-789 01");

        Assert.Equal(1, unknown);
        Assert.Contains("Nothing is stored for", output, StringComparison.Ordinal);
        Assert.DoesNotContain("nobody@nowhere.example", output, StringComparison.Ordinal);
        Assert.Equal(2, usage);
        Assert.Contains("usage: nmo erase", how, StringComparison.Ordinal);
    }

    private Task<(int ExitCode, string Output, string Error)> EraseAsync(params string[] args) =>
        NmoCli.RunAsync(new Dictionary<string, string> { [StorageNames.Connection] = azurite.ConnectionString }, ["erase", .. args]);
}
