using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using Azure.Data.Tables;
using Microsoft.Extensions.DependencyInjection;
using Nmo.Core.Messaging;
using Nmo.Core.Storage;
using Nmo.Functions.Queues;
using Nmo.Testing.Email;
using Nmo.Testing;

namespace Nmo.Functions.Tests.Resilience;

/// <summary>
/// Storage queues deliver at least once and in no particular order. Here every message of the pipeline is
/// delivered twice, in shuffled order, to the real queue functions: nothing may be issued, sent or credited twice.
/// </summary>
public sealed class DuplicateDeliveryTests(AzuriteFixture azurite) : IClassFixture<AzuriteFixture>
{
    private static readonly JsonSerializerOptions Json = new(JsonSerializerDefaults.Web);

    [Fact]
    public async Task Every_message_delivered_twice_and_shuffled_issues_sends_and_credits_once()
    {
        await using var sendGrid = await FakeSendGridServer.StartAsync();
        // Small slices: each upload is several messages (a checkpoint and a continuation each), all delivered twice.
        var settings = Scenario.Settings(sendGrid);
        settings["Uploads:SliceSize"] = "60";
        await using var host = await PipelineHost.StartAsync(azurite, settings, tweak: o => o.EnableQueueTriggers = false);
        var provider = await Scenario.ProviderWithEventAsync(host, "dup-school");
        var functions = ActivatorUtilities.CreateInstance<PipelineQueueFunctions>(host.Services);
        var queues = host.Queues;
        var random = new Random(20261125);

        // Two uploads that overlap by 50 attendees: the second must not give them a second code.
        var first = await Scenario.UploadAsync(provider, "dup-school", Scenario.Csv(0, 250, invalidEvery: 25));
        var second = await Scenario.UploadAsync(provider, "dup-school", Scenario.Csv(200, 300, invalidEvery: 25));
        var delivered = await DeliverTwiceUntilQuietAsync(functions, queues, random);
        Assert.True(delivered >= 2 * (2 + 2), $"only {delivered} deliveries");

        var valid = Scenario.ValidCount(0, 300, 25);
        await Scenario.AssertIssuedOnceAsync(host, sendGrid, "dup-school", valid);
        var firstStatus = await PipelineHost.JsonAsync(await provider.GetAsync($"api/uploads/{first}"));
        var secondStatus = await PipelineHost.JsonAsync(await provider.GetAsync($"api/uploads/{second}"));
        // Whichever upload is processed first issues the shared attendees; the other reports them as already issued.
        int Count(System.Text.Json.Nodes.JsonNode status, string name) => status[name]!.GetValue<int>();
        Assert.Equal(valid, Count(firstStatus, "issued") + Count(secondStatus, "issued"));
        Assert.Equal(Scenario.ValidCount(200, 250, 25), Count(firstStatus, "alreadyIssued") + Count(secondStatus, "alreadyIssued"));
        Assert.Equal(Count(firstStatus, "issued"), Count(firstStatus, "emailed"));
        Assert.Equal(Count(secondStatus, "issued"), Count(secondStatus, "emailed"));
        Assert.All(new[] { firstStatus, secondStatus }, s => Assert.Equal("completed", s["status"]!.GetValue<string>()));

        // Twenty doctors activate a code each; five of them send their request twice.
        var codes = Scenario.Codes(sendGrid).Take(20).ToList();
        for (var i = 0; i < codes.Count; i++)
        {
            for (var repeat = 0; repeat < (i < 5 ? 2 : 1); repeat++)
            {
                var response = await host.Http.PostAsJsonAsync("api/activations", new { doctorId = $"dup-doc-{i}", email = $"dupdoc{i}@clinic.example", code = codes[i] });
                Assert.Equal(HttpStatusCode.OK, response.StatusCode);
            }
        }

        await DeliverTwiceUntilQuietAsync(functions, queues, random);

        var ledger = await Scenario.EntitiesAsync(host, StorageNames.Tables.Ledger);
        var mine = ledger.Where(e => e.PartitionKey.StartsWith("dup-doc-", StringComparison.Ordinal)).ToList();
        Assert.Equal(20, mine.Count);
        Assert.Equal(20, mine.Select(e => e.PartitionKey).Distinct().Count());
        var notices = Scenario.Accepted(sendGrid, "credit-notice").Where(kv => kv.Key.StartsWith("credit-dup-doc-", StringComparison.Ordinal)).ToList();
        Assert.Equal(20, notices.Count);
        Assert.All(notices, kv => Assert.Equal(1, kv.Value));

        // Credit events go downstream at least once; their ids make repeats recognisable.
        var events = (await queues.TakeAllAsync(StorageNames.Queues.CreditRecords)).Select(b => JsonSerializer.Deserialize<CreditRecordMessage>(b, Json)!).ToList();
        Assert.Equal(20, events.Where(e => e.DoctorId.StartsWith("dup-doc-", StringComparison.Ordinal)).Select(e => e.CreditRecordId).Distinct().Count());

        var activated = await Scenario.EntitiesAsync(host, StorageNames.Tables.Codes, TableClient.CreateQueryFilter($"Status eq {"activated"}"));
        Assert.Equal(20, activated.Count(c => c.GetString("DoctorId")!.StartsWith("dup-doc-", StringComparison.Ordinal)));
    }

    /// <summary>
    /// Rounds until every work queue stays empty: take all messages off the queues, deliver each twice in a
    /// shuffled order. A delivery that throws is delivered again in the next round, as the host would.
    /// </summary>
    private static async Task<int> DeliverTwiceUntilQuietAsync(PipelineQueueFunctions functions, QueueDrain queues, Random random)
    {
        var deliveries = 0;
        var failed = new List<(string Queue, string Body)>();
        for (var round = 0; round < 20; round++)
        {
            var messages = new List<(string Queue, string Body)>(failed);
            failed.Clear();
            foreach (var queue in new[] { StorageNames.Queues.Uploads, StorageNames.Queues.Certificates, StorageNames.Queues.CreditNotices })
            {
                messages.AddRange((await queues.TakeAllAsync(queue)).Select(b => (queue, b)));
            }

            if (messages.Count == 0)
            {
                return deliveries;
            }

            var twice = messages.Concat(messages).OrderBy(_ => random.Next()).ToList();
            foreach (var (queue, body) in twice)
            {
                deliveries++;
                try
                {
                    await Scenario.DeliverAsync(functions, queue, body);
                }
                catch (Exception e) when (e is not Xunit.Sdk.XunitException)
                {
                    failed.Add((queue, body));
                }
            }
        }

        throw new InvalidOperationException("The queues did not become quiet after 20 rounds.");
    }
}
