using Azure.Core;
using Azure.Core.Pipeline;
using Azure.Data.Tables;
using Microsoft.Extensions.DependencyInjection;
using Nmo.Core.Storage;
using Nmo.Infrastructure.Storage;
using Nmo.Infrastructure.Tables;
using Nmo.LocalHost;
using Nmo.Testing.Email;
using Nmo.Testing;

namespace Nmo.Functions.Tests.Resilience;

/// <summary>
/// The host stops in the middle of an upload (a deployment, a scale-in) and another starts on the same storage:
/// the upload completes with nothing lost and nothing doubled.
/// </summary>
public sealed class StoppedHostTests(AzuriteFixture azurite) : IClassFixture<AzuriteFixture>
{
    private static readonly QueueHostOptions Queues = new()
    {
        MaxPollingInterval = TimeSpan.FromMilliseconds(100),
        VisibilityTimeout = TimeSpan.FromSeconds(1),

        // A message whose host vanished without releasing it comes back this soon (10 minutes in Azure).
        Lease = TimeSpan.FromSeconds(4),
    };

    [Fact]
    public async Task Upload_interrupted_by_a_stopped_host_is_finished_by_the_next_without_loss_or_repeats()
    {
        await using var sendGrid = await FakeSendGridServer.StartAsync();
        var settings = Scenario.Settings(sendGrid, codeHashKey: "tests-" + Guid.NewGuid().ToString("N"));

        // Slow table transactions so that the stop lands while rows are being issued.
        var slow = new StorageClientOptions();
        slow.PerRetryPolicies.Add(new SlowTransactions(TimeSpan.FromMilliseconds(40)));
        var first = await PipelineHost.StartAsync(azurite, settings, services: s => s.AddSingleton(slow), tweak: o => o.Queues = Queues);
        var provider = await Scenario.ProviderWithEventAsync(first, "stop-school");
        var apiKey = provider.DefaultRequestHeaders.GetValues("X-Api-Key").Single();
        var uploadId = await Scenario.UploadAsync(provider, "stop-school", Scenario.Csv(0, 600, invalidEvery: 20));
        var valid = Scenario.ValidCount(0, 600, 20);

        var filter = TableAttendeeStore.AttendeesOf("stop-school");
        var deadline = DateTime.UtcNow.AddSeconds(30);
        while ((await Scenario.EntitiesAsync(first, StorageNames.Tables.Attendees, filter)).Count < 150)
        {
            Assert.True(DateTime.UtcNow < deadline, "The upload did not start.");
            await Task.Delay(50);
        }

        await first.AbortAsync();
        await first.DisposeAsync();
        var sendingAtStop = await Scenario.SendingAsync(first, "stop-school");
        var issuedBeforeStop = (await Scenario.EntitiesAsync(first, StorageNames.Tables.Attendees, filter)).Count;
        Assert.InRange(issuedBeforeStop, 150, valid - 1);

        await using var second = await PipelineHost.StartAsync(azurite, settings, tweak: o => o.Queues = Queues);
        var status = await PipelineHost.WaitForUploadAsync(second.ClientFor(apiKey), uploadId, TimeSpan.FromSeconds(60));

        Assert.Equal("completed", status["status"]!.GetValue<string>());
        Assert.Equal(valid, status["issued"]!.GetValue<int>());
        Assert.Equal(valid, status["emailed"]!.GetValue<int>());
        Assert.Equal(600 - valid, status["rejected"]!.GetValue<int>());
        Assert.Equal(600 - valid, status["errors"]!.AsArray().Count);
        await Scenario.AssertIssuedOnceAsync(second, sendGrid, "stop-school", valid, sendingAtStop);
    }

    [Fact]
    public async Task Host_stopped_in_the_middle_of_a_slice_is_resumed_at_its_checkpoint_without_loss_or_repeats()
    {
        await using var sendGrid = await FakeSendGridServer.StartAsync();
        var settings = Scenario.Settings(sendGrid, codeHashKey: "tests-" + Guid.NewGuid().ToString("N"));
        settings["Uploads:SliceSize"] = "200";
        const int Rows = 1200;

        var slow = new StorageClientOptions();
        slow.PerRetryPolicies.Add(new SlowTransactions(TimeSpan.FromMilliseconds(40)));
        var first = await PipelineHost.StartAsync(azurite, settings, services: s => s.AddSingleton(slow), tweak: o => o.Queues = Queues);
        var provider = await Scenario.ProviderWithEventAsync(first, "slice-school");
        var apiKey = provider.DefaultRequestHeaders.GetValues("X-Api-Key").Single();
        var uploadId = await Scenario.UploadAsync(provider, "slice-school", Scenario.Csv(0, Rows, invalidEvery: 20));
        var valid = Scenario.ValidCount(0, Rows, 20);

        // Stopped once two slices are checkpointed and the third is under way (attendees past the checkpoint).
        var filter = TableAttendeeStore.AttendeesOf("slice-school");
        var deadline = DateTime.UtcNow.AddSeconds(60);
        while (true)
        {
            var processed = (await PipelineHost.JsonAsync(await provider.GetAsync($"api/uploads/{uploadId}")))["processed"]!.GetValue<int>();
            var stored = (await Scenario.EntitiesAsync(first, StorageNames.Tables.Attendees, filter)).Count;
            if (processed >= 400 && stored > Scenario.ValidCount(0, processed, 20) + 50)
            {
                break;
            }

            Assert.True(DateTime.UtcNow < deadline, $"The upload did not get into its third slice (processed {processed}, stored {stored}).");
            await Task.Delay(20);
        }

        await first.AbortAsync();
        await first.DisposeAsync();
        var sendingAtStop = await Scenario.SendingAsync(first, "slice-school");
        var atStop = (await first.Storage.Table(StorageNames.Tables.Uploads).GetEntityAsync<TableEntity>(uploadId, "upload")).Value;
        var checkpoint = atStop.GetInt32("Processed") ?? 0;
        Assert.Equal("processing", atStop.GetString("Status"));
        Assert.InRange(checkpoint, 400, Rows - 200);

        // The next host resumes at the checkpoint: it adds attendees only from there on, in 100-row transactions.
        var counting = new StorageClientOptions();
        var batches = new CountingAttendeeTransactions();
        counting.PerRetryPolicies.Add(batches);
        await using var second = await PipelineHost.StartAsync(azurite, settings, services: s => s.AddSingleton(counting), tweak: o => o.Queues = Queues);
        var status = await PipelineHost.WaitForUploadAsync(second.ClientFor(apiKey), uploadId, TimeSpan.FromSeconds(90));

        Assert.Equal("completed", status["status"]!.GetValue<string>());
        Assert.Equal(Rows, status["processed"]!.GetValue<int>());
        Assert.Equal(valid, status["issued"]!.GetValue<int>());
        Assert.Equal(0, status["alreadyIssued"]!.GetValue<int>());
        Assert.Equal(valid, status["emailed"]!.GetValue<int>());
        Assert.Equal(Rows - valid, status["rejected"]!.GetValue<int>());
        Assert.Equal(Rows - valid, status["errors"]!.AsArray().Count);
        await Scenario.AssertIssuedOnceAsync(second, sendGrid, "slice-school", valid, sendingAtStop);
        // Two transactions per 200-row slice (190 valid rows), and a few for a repeat; none would mean none counted.
        Assert.True(batches.Count >= 2 * ((Rows - checkpoint) / 200), $"{batches.Count} attendee transactions counted after the checkpoint at row {checkpoint}.");
        Assert.True(batches.Count <= (2 * ((Rows - checkpoint + 199) / 200)) + 3, $"{batches.Count} attendee transactions after the checkpoint at row {checkpoint}: not resumed there.");
    }

    /// <summary>Counts the transactions sent to the Attendees table.</summary>
    private sealed class CountingAttendeeTransactions : HttpPipelinePolicy
    {
        private int count;

        public int Count => count;

        public override void Process(HttpMessage message, ReadOnlyMemory<HttpPipelinePolicy> pipeline)
        {
            Observe(message);
            ProcessNext(message, pipeline);
        }

        public override ValueTask ProcessAsync(HttpMessage message, ReadOnlyMemory<HttpPipelinePolicy> pipeline)
        {
            Observe(message);
            return ProcessNextAsync(message, pipeline);
        }

        private void Observe(HttpMessage message)
        {
            if (message.Request.Uri.Path.EndsWith("$batch", StringComparison.Ordinal) && message.Request.Content is { } content)
            {
                using var buffer = new MemoryStream();
                content.WriteTo(buffer, message.CancellationToken);

                // An insert inside a transaction addresses the table itself, with the SDK's query string after it
                // (an update addresses an entity: "Attendees(PartitionKey=…)"); an attendee carries its protected
                // code, unlike the e-mail tallies that the mailer adds to the same table.
                var body = System.Text.Encoding.UTF8.GetString(buffer.ToArray());
                if (body.Contains($"/{StorageNames.Tables.Attendees}?", StringComparison.Ordinal) && body.Contains("\"ProtectedCode\":", StringComparison.Ordinal))
                {
                    Interlocked.Increment(ref count);
                }
            }
        }
    }

    private sealed class SlowTransactions(TimeSpan delay) : HttpPipelinePolicy
    {
        public override void Process(HttpMessage message, ReadOnlyMemory<HttpPipelinePolicy> pipeline)
        {
            if (IsTransaction(message))
            {
                Thread.Sleep(delay);
            }

            ProcessNext(message, pipeline);
        }

        public override async ValueTask ProcessAsync(HttpMessage message, ReadOnlyMemory<HttpPipelinePolicy> pipeline)
        {
            if (IsTransaction(message))
            {
                await Task.Delay(delay, message.CancellationToken);
            }

            await ProcessNextAsync(message, pipeline);
        }

        private static bool IsTransaction(HttpMessage message) => message.Request.Uri.Path.EndsWith("$batch", StringComparison.Ordinal);
    }
}
