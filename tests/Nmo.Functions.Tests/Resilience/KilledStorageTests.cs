using System.Diagnostics;
using System.Net;
using System.Net.Http.Json;
using Nmo.Functions.Http;
using Nmo.Testing;

namespace Nmo.Functions.Tests.Resilience;

/// <summary>
/// Azurite killed under a running local host: every route that needs storage answers 503 problem+json with
/// Retry-After within seconds (never an empty 500), and an Azurite started the way <c>nmo serve</c> starts its own
/// comes back on its ports with its data, and the queue listeners deliver again, with no restart of the host.
/// </summary>
public sealed class KilledStorageTests
{
    [Fact]
    public async Task While_storage_is_down_every_route_answers_503_problem_json_with_retry_after_within_seconds()
    {
        var azurite = new AzuriteFixture();
        await azurite.InitializeAsync();
        try
        {
            await using var host = await PipelineHost.StartAsync(azurite);
            var provider = await Scenario.ProviderWithEventAsync(host, "outage-school");
            var uploadId = await Scenario.UploadAsync(provider, "outage-school", Scenario.Csv(0, 3));
            await PipelineHost.WaitForUploadAsync(provider, uploadId);

            azurite.Kill();

            var routes = new (string Name, Func<Task<HttpResponseMessage>> Send)[]
            {
                ("activation", () => host.Http.PostAsJsonAsync("api/activations", new { doctorId = "doc-1", email = "doc1@clinic.example", code = "ABCD-EFGH-JKLM" })),
                ("upload status", () => provider.GetAsync($"api/uploads/{uploadId}")),
                ("event", () => provider.GetAsync("api/events/outage-school")),
                ("console's event list", () => provider.GetAsync("api/events")),
                ("event change", () => provider.PutAsJsonAsync("api/events/outage-school", new { title = "x", kind = "event", startDate = "2026-11-20", endDate = "2026-11-21", place = "Москва", credits = 6 })),
            };
            foreach (var (name, send) in routes)
            {
                var clock = Stopwatch.StartNew();
                using var response = await send();
                clock.Stop();

                var body = await response.Content.ReadAsStringAsync();
                Assert.True(response.StatusCode == HttpStatusCode.ServiceUnavailable, $"{name}: {(int)response.StatusCode} {body}");
                Assert.Equal("application/problem+json", response.Content.Headers.ContentType?.MediaType);
                Assert.Equal(StorageOutageAnswer.RetryAfter, response.Headers.RetryAfter?.Delta);
                Assert.Equal("storage.unavailable", (await PipelineHost.JsonAsync(response))["code"]!.GetValue<string>());
                Assert.True(clock.Elapsed < TimeSpan.FromSeconds(5), $"{name} took {clock.Elapsed.TotalSeconds:0.0} s to answer");
            }

            // Health keeps its own answer, and the console's page itself needs no storage.
            Assert.Equal(HttpStatusCode.ServiceUnavailable, (await host.Http.GetAsync("api/health")).StatusCode);
            Assert.Equal(HttpStatusCode.OK, (await host.Http.GetAsync("/")).StatusCode);
        }
        finally
        {
            await azurite.DisposeAsync();
        }
    }

    [Fact]
    public async Task An_azurite_we_started_comes_back_on_its_ports_with_its_data_and_the_listeners_deliver_again()
    {
        var azurite = AzuriteFixture.Restarting();
        await azurite.InitializeAsync();
        try
        {
            await using var host = await PipelineHost.StartAsync(azurite);
            var provider = await Scenario.ProviderWithEventAsync(host, "restart-school");
            var before = await PipelineHost.WaitForUploadAsync(provider, await Scenario.UploadAsync(provider, "restart-school", Scenario.Csv(0, 4)));
            Assert.Equal(4, before["issued"]!.GetValue<int>());

            // Azurite saves its metadata every 5 s; a hard kill loses what came after the last save.
            await Task.Delay(TimeSpan.FromSeconds(6));
            var killed = azurite.Instance.ProcessId;
            azurite.Kill();

            var deadline = DateTime.UtcNow.AddSeconds(30);
            while ((await host.Http.GetAsync("api/health")).StatusCode != HttpStatusCode.OK)
            {
                Assert.True(DateTime.UtcNow < deadline, "Azurite did not come back: " + azurite.Instance.StandardError);
                await Task.Delay(200);
            }

            Assert.Equal(1, azurite.Instance.Restarts);
            Assert.NotEqual(killed, azurite.Instance.ProcessId);

            // Same ports (the host's connection string never changed), same data: what was made before the kill.
            var ev = await PipelineHost.JsonAsync(await Scenario.RetryAsync(() => provider.GetAsync("api/events/restart-school")));
            Assert.Equal("Школа restart-school", ev["title"]!.GetValue<string>());

            // A message enqueued after the recovery is delivered by the same listeners.
            var after = await PipelineHost.WaitForUploadAsync(provider, await Scenario.UploadAsync(provider, "restart-school", Scenario.Csv(10, 13)), TimeSpan.FromSeconds(30));
            Assert.Equal("completed", after["status"]!.GetValue<string>());
            Assert.Equal(3, after["issued"]!.GetValue<int>());
        }
        finally
        {
            await azurite.DisposeAsync();
        }
    }
}
