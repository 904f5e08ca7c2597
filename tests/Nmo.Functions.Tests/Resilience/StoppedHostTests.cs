using Azure.Core;
using Azure.Core.Pipeline;
using Azure.Data.Tables;
using Microsoft.Extensions.DependencyInjection;
using Nmo.Core.Storage;
using Nmo.Infrastructure.Storage;
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

        var filter = TableClient.CreateQueryFilter($"PartitionKey eq {"stop-school"}");
        var deadline = DateTime.UtcNow.AddSeconds(30);
        while ((await Scenario.EntitiesAsync(first, StorageNames.Tables.Attendees, filter)).Count < 150)
        {
            Assert.True(DateTime.UtcNow < deadline, "The upload did not start.");
            await Task.Delay(50);
        }

        await first.AbortAsync();
        await first.DisposeAsync();
        var issuedBeforeStop = (await Scenario.EntitiesAsync(first, StorageNames.Tables.Attendees, filter)).Count;
        Assert.InRange(issuedBeforeStop, 150, valid - 1);

        await using var second = await PipelineHost.StartAsync(azurite, settings, tweak: o => o.Queues = Queues);
        var status = await PipelineHost.WaitForUploadAsync(second.ClientFor(apiKey), uploadId, TimeSpan.FromSeconds(60));

        Assert.Equal("completed", status["status"]!.GetValue<string>());
        Assert.Equal(valid, status["issued"]!.GetValue<int>());
        Assert.Equal(valid, status["emailed"]!.GetValue<int>());
        Assert.Equal(600 - valid, status["rejected"]!.GetValue<int>());
        Assert.Equal(600 - valid, status["errors"]!.AsArray().Count);
        await Scenario.AssertIssuedOnceAsync(second, sendGrid, "stop-school", valid);
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
