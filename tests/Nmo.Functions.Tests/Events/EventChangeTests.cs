using System.Net;
using System.Net.Http.Json;
using Nmo.Functions.Tests.Activations;
using Nmo.Testing;

namespace Nmo.Functions.Tests.Events;

/// <summary>Events under issued codes, their versions and concurrent registration, through the real functions on Azurite.</summary>
public sealed class EventChangeTests(AzuriteFixture azurite) : IClassFixture<AzuriteFixture>
{
    private static object Body(decimal credits = 6, string title = "Школа кардиолога", string place = "Москва", string kind = "event") =>
        new { title, kind, startDate = "2026-11-20", endDate = "2026-11-21", place, credits };

    private static Task<HttpResponseMessage> PutAsync(HttpClient provider, string eventId, object body, string? ifMatch = null)
    {
        var request = new HttpRequestMessage(HttpMethod.Put, $"api/events/{eventId}") { Content = JsonContent.Create(body) };
        if (ifMatch is not null)
        {
            request.Headers.TryAddWithoutValidation("If-Match", ifMatch);
        }

        return provider.SendAsync(request);
    }

    private static string ETagOf(HttpResponseMessage response) =>
        Assert.Single(response.Headers.GetValues("ETag"));

    [Fact]
    public async Task Under_issued_codes_credits_and_kind_are_refused_wording_is_corrected_and_versions_are_checked()
    {
        await using var world = await ActivationWorld.StartAsync(azurite);
        var eventId = ActivationWorld.NewId("lock");
        var code = (await world.IssueCodesAsync(eventId, "lock@clinic.example"))["lock@clinic.example"];

        foreach (var body in new[] { Body(credits: 12), Body(kind: "module") })
        {
            var locked = await ActivationTests.ProblemAsync(await PutAsync(world.Provider, eventId, body), HttpStatusCode.Conflict);
            Assert.Equal("event.locked", locked["code"]!.GetValue<string>());
            Assert.Contains("уже выданы коды", locked["detail"]!.GetValue<string>());
        }

        var read = await world.Provider.GetAsync($"api/events/{eventId}");
        Assert.Equal(HttpStatusCode.OK, read.StatusCode);
        var etag = ETagOf(read);
        Assert.Equal(6m, (await PipelineHost.JsonAsync(read))["credits"]!.GetValue<decimal>());

        var corrected = await PutAsync(world.Provider, eventId, Body(title: "Школа кардиолога: весна"), etag);
        Assert.Equal(HttpStatusCode.OK, corrected.StatusCode);
        Assert.NotEqual(etag, ETagOf(corrected));
        var stored = await PipelineHost.JsonAsync(corrected);
        Assert.Equal("Школа кардиолога: весна", stored["title"]!.GetValue<string>());
        Assert.False(string.IsNullOrEmpty(stored["updatedBy"]!.GetValue<string>()));

        var stale = await ActivationTests.ProblemAsync(await PutAsync(world.Provider, eventId, Body(place: "Казань"), etag), (HttpStatusCode)412);
        Assert.Equal("event.changed", stale["code"]!.GetValue<string>());

        // The credit is what the certificate stated, not what a refused change asked for.
        var activated = await PipelineHost.JsonAsync(await world.ActivateAsync(eventId + "-doc", code));
        Assert.Equal(6m, activated["credits"]!.GetValue<decimal>());

        var (_, other) = await world.Host.NewProviderAsync("Другой провайдер");
        using (other)
        {
            var hidden = await ActivationTests.ProblemAsync(await other.GetAsync($"api/events/{eventId}"), HttpStatusCode.NotFound);
            Assert.Equal("event.not-found", hidden["code"]!.GetValue<string>());
        }
    }

    [Fact]
    public async Task Ten_simultaneous_registrations_of_one_event_give_one_201_and_nine_200_never_a_500()
    {
        await using var world = await ActivationWorld.StartAsync(azurite);
        var eventId = ActivationWorld.NewId("same");

        using var start = new SemaphoreSlim(0);
        var puts = Enumerable.Range(0, 10).Select(async i =>
        {
            await start.WaitAsync();
            return await PutAsync(world.Provider, eventId, Body(place: $"Зал {i}"));
        }).ToList();
        start.Release(puts.Count);
        var answers = await Task.WhenAll(puts);

        Assert.Single(answers, a => a.StatusCode == HttpStatusCode.Created);
        Assert.All(answers.Where(a => a.StatusCode != HttpStatusCode.Created), a => Assert.Equal(HttpStatusCode.OK, a.StatusCode));
    }
}
