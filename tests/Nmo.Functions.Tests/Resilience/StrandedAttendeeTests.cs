using Azure.Data.Tables;
using Microsoft.Extensions.DependencyInjection;
using Nmo.Core.Codes;
using Nmo.Core.Storage;
using Nmo.Infrastructure.Storage;
using Nmo.Infrastructure.Tables;
using Nmo.Testing;
using Nmo.Testing.Email;

namespace Nmo.Functions.Tests.Resilience;

/// <summary>
/// An upload that fails part-way leaves three kinds of attendee behind: done (code stored, certificate queued),
/// code stored but no certificate message, and stored with neither. Whatever finishes the job next, a re-upload
/// of the file or the operator's replay of the poisoned message, must do exactly what is missing for each.
/// </summary>
public sealed class StrandedAttendeeTests(AzuriteFixture azurite) : IClassFixture<AzuriteFixture>
{
    private const int Attendees = 80;

    [Theory]
    [InlineData("reupload")]
    [InlineData("replay")]
    public async Task A_failed_upload_is_finished_per_attendee_by_the_next_attempt(string how)
    {
        var eventId = $"stranded-{how}";
        var faults = new Faults();
        await using var sendGrid = await FakeSendGridServer.StartAsync();
        var settings = Scenario.Settings(sendGrid);
        settings["Uploads:ChunkSize"] = "20";
        settings["Uploads:EmailBatchSize"] = "40";
        await using var host = await PipelineHost.StartAsync(azurite, settings, services: s =>
        {
            s.AddSingleton<ICodeStore>(sp => new FailingCodeStore(ActivatorUtilities.CreateInstance<TableCodeStore>(sp), faults));
        });
        var provider = await Scenario.ProviderWithEventAsync(host, eventId);
        var csv = Scenario.Csv(0, Attendees);

        // Chunks of 20, a certificate message per 40: the first 40 are done, the third chunk has its codes but
        // no message (it would have gone with the fourth), the fourth is stored without codes; every later
        // attempt fails at its first code write.
        faults.CodeWritesAllowed = 3;
        var failed = await Scenario.UploadAsync(provider, eventId, csv);
        await Eventually.WaitUntilAsync(
            async () => (await PipelineHost.JsonAsync(await provider.GetAsync($"api/uploads/{failed}")))["status"]!.GetValue<string>() == "failed",
            TimeSpan.FromSeconds(60), "the upload to fail");
        await Eventually.WaitUntilAsync(
            async () => (await Certificates(host, eventId)).Count(a => a.GetString("CertificateStatus") == "sent") == 40,
            TimeSpan.FromSeconds(30), "the first 40 certificates to go out");
        var stored = await Certificates(host, eventId);
        Assert.Equal(80, stored.Count);
        var coded = (await Scenario.EntitiesAsync(host, StorageNames.Tables.Codes, TableClient.CreateQueryFilter($"EventId eq {eventId}"))).Count;
        Assert.Equal(60, coded);
        await Eventually.WaitUntilAsync(
            async () => !await host.Queues.IsEmptyAsync(StorageNames.Queues.Poison(StorageNames.Queues.Uploads)),
            TimeSpan.FromSeconds(30), "the upload message in the poison queue");

        faults.Broken = false;
        string finisher;
        if (how == "reupload")
        {
            finisher = await Scenario.UploadAsync(provider, eventId, csv);
            Assert.NotEqual(failed, finisher);
        }
        else
        {
            Assert.Equal(1, await host.Queues.ReplayPoisonAsync(StorageNames.Queues.Uploads));
            finisher = failed;
        }

        // The replayed upload reads "failed" until its message is taken again, so wait for completed itself.
        await Eventually.WaitUntilAsync(
            async () => (await PipelineHost.JsonAsync(await provider.GetAsync($"api/uploads/{finisher}")))["status"]!.GetValue<string>() == "completed",
            TimeSpan.FromSeconds(60), "the finishing upload to complete");
        var status = await PipelineHost.WaitForUploadAsync(provider, finisher, TimeSpan.FromSeconds(60));
        if (how == "reupload")
        {
            // The 40 who have their certificate are already issued; the 40 left behind are this upload's.
            Assert.Equal(40, status["issued"]!.GetValue<int>());
            Assert.Equal(40, status["alreadyIssued"]!.GetValue<int>());
        }
        else
        {
            Assert.Equal(80, status["issued"]!.GetValue<int>());
            Assert.Equal(0, status["alreadyIssued"]!.GetValue<int>());
        }

        await Eventually.WaitUntilAsync(
            async () => (await Certificates(host, eventId)).All(a => a.GetString("CertificateStatus") == "sent"),
            TimeSpan.FromSeconds(30), "every certificate to go out");
        await Scenario.AssertIssuedOnceAsync(host, sendGrid, eventId, Attendees);
    }

    private static Task<List<TableEntity>> Certificates(PipelineHost host, string eventId) =>
        Scenario.EntitiesAsync(host, StorageNames.Tables.Attendees, TableAttendeeStore.AttendeesOf(eventId));

    private sealed class Faults
    {
        private int codeWrites;

        public bool Broken { get; set; } = true;

        public int CodeWritesAllowed { get; set; }

        public void OnCodeWrite()
        {
            if (Broken && Interlocked.Increment(ref codeWrites) > CodeWritesAllowed)
            {
                throw new IOException("Injected fault: a code write failed.");
            }
        }
    }

    private sealed class FailingCodeStore(ICodeStore inner, Faults faults) : ICodeStore
    {
        public Task<CodeRecord?> FindAsync(string codeHash, CancellationToken cancellationToken) => inner.FindAsync(codeHash, cancellationToken);

        public Task<IReadOnlyList<string>> AddMissingAsync(IReadOnlyList<CodeRecord> codes, CancellationToken cancellationToken)
        {
            faults.OnCodeWrite();
            return inner.AddMissingAsync(codes, cancellationToken);
        }

        public Task<bool> TryReplaceAsync(CodeRecord code, CancellationToken cancellationToken) => inner.TryReplaceAsync(code, cancellationToken);
    }
}
