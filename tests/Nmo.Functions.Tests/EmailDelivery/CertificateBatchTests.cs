using Azure.Core;
using Azure.Core.Pipeline;
using Microsoft.Extensions.DependencyInjection;
using Nmo.Core.Codes;
using Nmo.Core.Email;
using Nmo.Core.Storage;
using Nmo.Core.Uploads;
using Nmo.Functions.Tests.Resilience;
using Nmo.Infrastructure.Blobs;
using Nmo.Infrastructure.Storage;
using Nmo.Testing;
using Nmo.Testing.Email;

namespace Nmo.Functions.Tests.EmailDelivery;

/// <summary>
/// The processor keeps the attendees' stored versions in a certificate batch, and the mailer claims on them instead
/// of reading every attendee. A batch is only a shortcut: whatever changed since it was written is read and decided
/// as without one, and a missing batch changes nothing.
/// </summary>
public sealed class CertificateBatchTests(AzuriteFixture azurite) : IClassFixture<AzuriteFixture>
{
    [Fact]
    public async Task An_upload_mails_its_certificates_without_reading_an_attendee_and_leaves_no_batch_behind()
    {
        var reads = AttendeeReads();
        var counting = new StorageClientOptions();
        counting.PerRetryPolicies.Add(reads);
        await using var sendGrid = await FakeSendGridServer.StartAsync();
        await using var host = await PipelineHost.StartAsync(azurite, Scenario.Settings(sendGrid), services: s => s.AddSingleton(counting));
        var provider = await Scenario.ProviderWithEventAsync(host, "batch-school");

        var uploadId = await Scenario.UploadAsync(provider, "batch-school", Scenario.Csv(0, 230, invalidEvery: 23));
        var valid = Scenario.ValidCount(0, 230, 23);
        await Eventually.WaitUntilAsync(
            async () => (await PipelineHost.JsonAsync(await provider.GetAsync($"api/uploads/{uploadId}")))["emailed"]!.GetValue<int>() == valid,
            TimeSpan.FromSeconds(60), "every certificate e-mailed");

        await Scenario.AssertIssuedOnceAsync(host, sendGrid, "batch-school", valid);
        Assert.Equal(0, reads.Count);
        var left = await host.Storage.Container(StorageNames.Containers.Uploads)
            .GetBlobsAsync(prefix: BlobCertificateBatchStore.Prefix("batch-school", uploadId)).ToListAsync();
        Assert.Empty(left);
    }

    [Fact]
    public async Task A_certificate_reissued_after_its_batch_was_written_goes_out_with_the_new_code()
    {
        var reads = AttendeeReads();
        var counting = new StorageClientOptions();
        counting.PerRetryPolicies.Add(reads);
        await using var world = await DeliveryWorld.StartAsync(azurite, storage: counting);
        var (upload, attendees, message) = await world.SeedWithBatchAsync(3);

        // A re-issue between the processor and the mailer: the batch still holds the old code's version.
        var newCode = ConfirmationCode.Generate();
        var protector = world.Get<ICodeProtector>();
        var changed = attendees[1];
        Assert.True(await world.Get<IAttendeeStore>().TryReplaceCodeAsync(
            upload.EventId, changed.AttendeeKey, changed.CodeHash, protector.Protect(newCode), "new-" + changed.CodeHash, CancellationToken.None));
        var readsBefore = reads.Count;

        await world.Get<CertificateMailer>().SendAsync(message, CancellationToken.None);

        var sent = world.Sender.Recipients.ToDictionary(r => r.Address);
        Assert.Equal(3, sent.Count);
        Assert.Equal(newCode, sent[changed.Email].Values["code"]);
        Assert.Equal(protector.Unprotect(attendees[0].ProtectedCode), sent[attendees[0].Email].Values["code"]);
        Assert.Contains(CertificateMailer.CertificateKey(upload.EventId, changed.AttendeeKey, "new-" + changed.CodeHash), world.Sender.SentKeys);

        // Only the changed attendee was read; the others were claimed on the versions in the batch.
        Assert.Equal(1, reads.Count - readsBefore);
        Assert.Null(await world.Get<ICertificateBatchStore>().ReadAsync(message.Batch!, CancellationToken.None));
    }

    [Fact]
    public async Task A_version_kept_while_another_sender_held_the_certificate_is_not_taken_from_it()
    {
        await using var world = await DeliveryWorld.StartAsync(azurite);
        var (upload, attendees) = await world.SeedAsync(2, asIssued: true);
        var states = world.Get<ICertificateStateStore>();
        var now = DateTimeOffset.UtcNow;

        // The stored version of the first attendee is "sending", claimed just now by someone else; the batch holds
        // exactly that version, so a claim on it would be granted by storage.
        Assert.Single((await states.ClaimAsync(upload.EventId, [attendees[0].AttendeeKey], new EmailClaim("claim-other", now, now.AddMinutes(-10)), null, CancellationToken.None)).Claimed);
        var versions = await world.VersionsAsync(upload.EventId, attendees);
        Assert.Equal(EmailStatus.Sending, versions[0].Attendee.CertificateStatus);
        var batch = await world.Get<ICertificateBatchStore>().SaveAsync(upload.EventId, upload.UploadId, versions, CancellationToken.None);

        await world.Get<CertificateMailer>().SendAsync(DeliveryWorld.MessageFor(upload, attendees) with { Batch = batch }, CancellationToken.None);

        Assert.Equal([CertificateMailer.CertificateKey(attendees[1])], world.Sender.SentKeys);
        var stored = (await world.ReadAsync(upload.EventId, attendees)).ToDictionary(a => a.AttendeeKey);
        Assert.Equal(EmailStatus.Sending, stored[attendees[0].AttendeeKey].CertificateStatus);
        Assert.Equal(EmailStatus.Sent, stored[attendees[1].AttendeeKey].CertificateStatus);
    }

    [Fact]
    public async Task A_batch_that_is_gone_or_names_another_events_attendees_changes_nothing()
    {
        await using var world = await DeliveryWorld.StartAsync(azurite);
        var (upload, attendees, message) = await world.SeedWithBatchAsync(3);

        // The same addresses at another event share the attendee keys; its batch's versions are not this event's.
        var (_, _, other) = await world.SeedWithBatchAsync(3);
        await world.Get<CertificateMailer>().SendAsync(message with { Batch = other.Batch }, CancellationToken.None);
        Assert.Equal(attendees.Select(CertificateMailer.CertificateKey).Order(), world.Sender.SentKeys.Order());

        // Delivered again with its own batch, stale by now, and once more with that batch gone: nothing more is sent.
        await world.Get<CertificateMailer>().SendAsync(message, CancellationToken.None);
        await world.Get<CertificateMailer>().SendAsync(message, CancellationToken.None);
        Assert.Equal(3, world.Sender.SentKeys.Count);
        Assert.All(await world.ReadAsync(upload.EventId, attendees), a => Assert.Equal(EmailStatus.Sent, a.CertificateStatus));
    }

    [Fact]
    public async Task A_batch_whose_first_write_lost_its_answer_is_written_and_used()
    {
        var lost = new LoseFirstAnswer(r => r.Method == RequestMethod.Put && r.Uri.Path.Contains(".certificates/", StringComparison.Ordinal));
        var storage = new StorageClientOptions();
        storage.PerRetryPolicies.Add(lost);
        await using var world = await DeliveryWorld.StartAsync(azurite, storage: storage);

        // The SDK repeats the write whose answer never came; the processor must not fail the upload on it.
        var (upload, attendees, message) = await world.SeedWithBatchAsync(2);
        Assert.Equal(1, lost.Lost);

        await world.Get<CertificateMailer>().SendAsync(message, CancellationToken.None);
        Assert.Equal(attendees.Select(CertificateMailer.CertificateKey).Order(), world.Sender.SentKeys.Order());
        Assert.All(await world.ReadAsync(upload.EventId, attendees), a => Assert.Equal(EmailStatus.Sent, a.CertificateStatus));
    }

    /// <summary>Counts point reads of attendees (an attendee read one by one), not queries (the e-mail tallies).</summary>
    private static RequestCounter AttendeeReads() => new(r =>
        r.Method == RequestMethod.Get && r.Uri.Path.Contains($"/{StorageNames.Tables.Attendees}(PartitionKey=", StringComparison.Ordinal));

    /// <summary>Lets the first matching request reach storage, then loses its answer (a time-out); the SDK retries.</summary>
    private sealed class LoseFirstAnswer(Func<Request, bool> applies) : HttpPipelinePolicy
    {
        private int lost;

        public int Lost => lost;

        public override void Process(HttpMessage message, ReadOnlyMemory<HttpPipelinePolicy> pipeline) =>
            ProcessAsync(message, pipeline).AsTask().GetAwaiter().GetResult();

        public override async ValueTask ProcessAsync(HttpMessage message, ReadOnlyMemory<HttpPipelinePolicy> pipeline)
        {
            await ProcessNextAsync(message, pipeline);
            if (applies(message.Request) && Interlocked.CompareExchange(ref lost, 1, 0) == 0)
            {
                message.Response?.Dispose();
                throw new IOException("Injected fault: the write was applied but its answer was lost.");
            }
        }
    }
}
