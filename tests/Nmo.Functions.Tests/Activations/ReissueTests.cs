using System.Net;
using System.Net.Http.Json;
using Nmo.LocalHost;
using Nmo.Testing;

namespace Nmo.Functions.Tests.Activations;

/// <summary>A provider re-issues a lost certificate: the old code stops working, the new one arrives and works.</summary>
public sealed class ReissueTests(AzuriteFixture azurite) : IClassFixture<AzuriteFixture>
{
    private static Task<HttpResponseMessage> ReissueAsync(HttpClient provider, string eventId, string email, string? language = null)
    {
        var request = new HttpRequestMessage(HttpMethod.Post, $"api/events/{eventId}/reissues") { Content = JsonContent.Create(new { email }) };
        if (language is not null)
        {
            request.Headers.AcceptLanguage.ParseAdd(language);
        }

        return provider.SendAsync(request);
    }

    [Fact]
    public async Task A_reissued_certificate_arrives_with_a_new_code_and_the_old_code_answers_410()
    {
        // The outbox keeps one file per e-mail key: a new certificate under the old key would never appear.
        await using var world = await ActivationWorld.StartAsync(azurite, outbox: true);
        var eventId = ActivationWorld.NewId("lost");
        await world.IssueCodesAsync(eventId, "lost@clinic.example", "kept@clinic.example");
        var outbox = world.Host.OutboxDirectory;
        var before = LocalOutbox.Messages(outbox, $"cert-{eventId}-");
        Assert.Equal(2, before.Count);
        var codes = before.Select(LocalOutbox.FindCode).ToHashSet();

        var response = await ReissueAsync(world.Provider, eventId, " Lost@Clinic.example");

        Assert.Equal(HttpStatusCode.Accepted, response.StatusCode);
        var body = await PipelineHost.JsonAsync(response);
        Assert.Equal("queued", body["certificateStatus"]!.GetValue<string>());
        await Eventually.WaitUntilAsync(() => LocalOutbox.Messages(outbox, $"cert-{eventId}-").Count == 3, "the new certificate");
        var added = Assert.Single(LocalOutbox.Messages(outbox, $"cert-{eventId}-").Except(before));
        Assert.Contains("lost@clinic.example", File.ReadAllText(added));
        var newCode = LocalOutbox.FindCode(added)!;
        Assert.DoesNotContain(newCode, codes);
        var oldCode = LocalOutbox.FindCode(before.Single(f => File.ReadAllText(f).Contains("lost@clinic.example", StringComparison.Ordinal)))!;

        var ru = await ActivationTests.ProblemAsync(await world.ActivateAsync(eventId + "-doc", oldCode), HttpStatusCode.Gone);
        var en = await ActivationTests.ProblemAsync(await world.ActivateAsync(eventId + "-doc", oldCode, "en"), HttpStatusCode.Gone);
        Assert.Equal("code.revoked", ru["code"]!.GetValue<string>());
        Assert.Contains("код отозван", ru["detail"]!.GetValue<string>());
        Assert.Contains("was revoked", en["detail"]!.GetValue<string>());

        var activated = await world.ActivateAsync(eventId + "-doc", newCode);
        Assert.Equal(HttpStatusCode.OK, activated.StatusCode);
        Assert.Equal(eventId, (await PipelineHost.JsonAsync(activated))["eventId"]!.GetValue<string>());

        // The other attendee's code is untouched, and the upload still counts only its own certificates.
        var kept = LocalOutbox.FindCode(before.Single(f => File.ReadAllText(f).Contains("kept@clinic.example", StringComparison.Ordinal)))!;
        Assert.Equal(HttpStatusCode.OK, (await world.ActivateAsync(eventId + "-kept", kept)).StatusCode);
    }

    [Fact]
    public async Task A_code_already_activated_is_not_reissued_and_no_certificate_is_sent()
    {
        await using var world = await ActivationWorld.StartAsync(azurite);
        var eventId = ActivationWorld.NewId("done");
        var code = (await world.IssueCodesAsync(eventId, "done@clinic.example"))["done@clinic.example"];
        Assert.Equal(HttpStatusCode.OK, (await world.ActivateAsync(eventId + "-doc", code)).StatusCode);

        var ru = await ActivationTests.ProblemAsync(await ReissueAsync(world.Provider, eventId, "done@clinic.example"), HttpStatusCode.Conflict);
        var en = await ActivationTests.ProblemAsync(await ReissueAsync(world.Provider, eventId, "done@clinic.example", "en"), HttpStatusCode.Conflict);

        Assert.Equal("reissue.already-activated", ru["code"]!.GetValue<string>());
        Assert.Contains("уже активирован", ru["detail"]!.GetValue<string>());
        Assert.Contains("already activated", en["detail"]!.GetValue<string>());
        var again = await PipelineHost.JsonAsync(await world.ActivateAsync(eventId + "-doc", code));
        Assert.True(again["alreadyActivated"]!.GetValue<bool>());
        Assert.Single(world.Certificates(eventId));
    }

    [Fact]
    public async Task Only_the_events_own_provider_can_reissue_and_only_for_listed_attendees()
    {
        await using var world = await ActivationWorld.StartAsync(azurite);
        var eventId = ActivationWorld.NewId("own");
        var code = (await world.IssueCodesAsync(eventId, "own@clinic.example"))["own@clinic.example"];
        var (_, stranger) = await world.Host.NewProviderAsync("Другой провайдер");

        var foreign = await ActivationTests.ProblemAsync(await ReissueAsync(stranger, eventId, "own@clinic.example"), HttpStatusCode.NotFound);
        Assert.Equal("event.not-found", foreign["code"]!.GetValue<string>());
        var unlisted = await ActivationTests.ProblemAsync(await ReissueAsync(world.Provider, eventId, "nobody@clinic.example"), HttpStatusCode.NotFound);
        Assert.Equal("reissue.attendee-not-found", unlisted["code"]!.GetValue<string>());
        var anonymous = await world.Host.Http.PostAsJsonAsync($"api/events/{eventId}/reissues", new { email = "own@clinic.example" });
        Assert.Equal(HttpStatusCode.Unauthorized, anonymous.StatusCode);

        // None of these touched the code.
        Assert.Equal(HttpStatusCode.OK, (await world.ActivateAsync(eventId + "-doc", code)).StatusCode);
        Assert.Single(world.Certificates(eventId));
    }
}
