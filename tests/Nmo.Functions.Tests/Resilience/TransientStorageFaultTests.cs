using System.Net;
using System.Net.Http.Json;
using Azure.Data.Tables;
using Microsoft.Extensions.DependencyInjection;
using Nmo.Core.Storage;
using Nmo.Infrastructure.Storage;
using Nmo.Infrastructure.Tables;
using Nmo.Testing.Email;
using Nmo.Testing;

namespace Nmo.Functions.Tests.Resilience;

/// <summary>
/// Storage failing about one request in ten (busy, or applied with the answer lost) through a whole upload and
/// its activations: every row is still issued exactly once and every e-mail sent once.
/// </summary>
public sealed class TransientStorageFaultTests(AzuriteFixture azurite) : IClassFixture<AzuriteFixture>
{
    [Fact]
    public async Task Upload_and_activations_through_flaky_storage_issue_send_and_credit_exactly_once()
    {
        var faults = new FaultInjectionPolicy(seed: 1125, rate: 0.10);
        var clientOptions = new StorageClientOptions();
        clientOptions.PerRetryPolicies.Add(faults);
        await using var sendGrid = await FakeSendGridServer.StartAsync();
        await using var host = await PipelineHost.StartAsync(azurite, Scenario.Settings(sendGrid), services: s => s.AddSingleton(clientOptions));
        var provider = await Scenario.ProviderWithEventAsync(host, "flaky-school");
        var queues = host.Queues;

        var uploadId = await Scenario.UploadAsync(provider, "flaky-school", Scenario.Csv(0, 300, invalidEvery: 30));
        var valid = Scenario.ValidCount(0, 300, 30);

        // Waits on the certificates' recorded state; the e-mailed count, tallied in the same transactions, then agrees.
        // The attendees are read before the status, so that an outcome recorded between the two reads is in both.
        var status = await WaitReplayingPoisonAsync(queues, async () =>
        {
            var deadline = DateTime.UtcNow.AddSeconds(20);
            while (true)
            {
                var attendees = await Scenario.EntitiesAsync(host, StorageNames.Tables.Attendees, TableAttendeeStore.AttendeesOf("flaky-school"));
                var response = await provider.GetAsync($"api/uploads/{uploadId}");
                if (response.StatusCode == HttpStatusCode.ServiceUnavailable)
                {
                    // Every try of one of the status's reads failed: the provider is told when to ask again, not given a 500.
                    Assert.NotNull(response.Headers.RetryAfter);
                    Assert.True(DateTime.UtcNow < deadline, "The status answered 503 until the deadline.");
                    await Task.Delay(200);
                    continue;
                }

                Assert.True(response.IsSuccessStatusCode, $"{(int)response.StatusCode}: {await response.Content.ReadAsStringAsync()}");
                var current = await PipelineHost.JsonAsync(response);
                if (current["status"]?.GetValue<string>() == "completed" && attendees.Count == valid && attendees.All(a => a.GetString("CertificateStatus") == "sent"))
                {
                    return current;
                }

                if (DateTime.UtcNow > deadline)
                {
                    throw new TimeoutException("Upload did not complete: " + current.ToJsonString());
                }

                await Task.Delay(200);
            }
        });

        Assert.Equal("completed", status["status"]!.GetValue<string>());
        Assert.True(valid == status["issued"]!.GetValue<int>(), status.ToJsonString());
        Assert.Equal(valid, status["emailed"]!.GetValue<int>());
        Assert.Equal(0, status["alreadyIssued"]!.GetValue<int>());
        await Scenario.AssertIssuedOnceAsync(host, sendGrid, "flaky-school", valid);

        var codes = Scenario.Codes(sendGrid).Take(30).ToList();
        await Task.WhenAll(codes.Select(async (code, i) =>
        {
            var response = await Scenario.RetryAsync(() => host.Http.PostAsJsonAsync(
                "api/activations", new { doctorId = $"flaky-doc-{i}", email = $"flakydoc{i}@clinic.example", code }));
            Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        }));

        await WaitReplayingPoisonAsync(queues, async () =>
        {
            var deadline = DateTime.UtcNow.AddSeconds(20);
            while (Scenario.Accepted(sendGrid, "credit-notice").Count(kv => kv.Key.StartsWith("credit-flaky-doc-", StringComparison.Ordinal)) < codes.Count)
            {
                if (DateTime.UtcNow > deadline)
                {
                    throw new TimeoutException("Credit notices missing.");
                }

                await Task.Delay(100);
            }

            return status;
        });

        // Let any repeated message run out before counting.
        await Task.Delay(1500);
        faults.Enabled = false;
        var notices = Scenario.Accepted(sendGrid, "credit-notice").Where(kv => kv.Key.StartsWith("credit-flaky-doc-", StringComparison.Ordinal)).ToList();
        Assert.Equal(codes.Count, notices.Count);
        Assert.All(notices, kv => Assert.Equal(1, kv.Value));
        var ledger = (await Scenario.EntitiesAsync(host, StorageNames.Tables.Ledger)).Where(e => e.PartitionKey.StartsWith("flaky-doc-", StringComparison.Ordinal)).ToList();
        Assert.Equal(codes.Count, ledger.Count);
        Assert.Equal(codes.Count, ledger.Select(e => e.PartitionKey).Distinct().Count());
        await Scenario.AssertIssuedOnceAsync(host, sendGrid, "flaky-school", valid);

        // The faults really happened, of both kinds, in the hundreds of requests this run made.
        Assert.True(faults.Busy > 10 && faults.Lost > 10, $"busy {faults.Busy}, lost {faults.Lost}");
    }

    /// <summary>Waits for <paramref name="done"/>; meanwhile puts poison messages back, as an operator would.</summary>
    private static async Task<T> WaitReplayingPoisonAsync<T>(QueueDrain queues, Func<Task<T>> done)
    {
        for (var attempt = 0; ; attempt++)
        {
            try
            {
                return await done();
            }
            catch (TimeoutException) when (attempt < 5)
            {
                var replayed = 0;
                foreach (var queue in new[] { StorageNames.Queues.Uploads, StorageNames.Queues.Certificates, StorageNames.Queues.CreditNotices })
                {
                    replayed += await queues.ReplayPoisonAsync(queue);
                }

                Assert.True(replayed > 0 || attempt < 2, "Nothing in the poison queues, yet the work is not done.");
            }
        }
    }
}
