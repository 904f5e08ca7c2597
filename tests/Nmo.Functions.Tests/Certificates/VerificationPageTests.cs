using System.Net;
using System.Net.Http.Headers;
using System.Net.Http.Json;
using System.Text.Json.Nodes;
using Nmo.Functions.Tests.Activations;
using Nmo.Testing;
using Nmo.Testing.Documents;

namespace Nmo.Functions.Tests.Certificates;

/// <summary>The verification page anyone can open from a certificate, followed through activation and re-issue on Azurite.</summary>
public sealed class VerificationPageTests(AzuriteFixture azurite) : IClassFixture<AzuriteFixture>
{
    private static readonly DateOnly TodayInMoscow = DateOnly.FromDateTime(DateTimeOffset.UtcNow.ToOffset(TimeSpan.FromHours(3)).DateTime);

    /// <summary>The path of a verification link, for the test host's client.</summary>
    internal static string PathOf(string link)
    {
        Assert.StartsWith(PipelineSettings.PublicBaseUrl + "/api/certificates/", link, StringComparison.Ordinal);
        return link[(PipelineSettings.PublicBaseUrl.Length + 1)..];
    }

    internal static async Task<(HttpStatusCode Status, string Body)> GetAsync(HttpClient http, string path, string? accept = null, string? client = null)
    {
        using var request = new HttpRequestMessage(HttpMethod.Get, path);
        if (accept is not null)
        {
            request.Headers.Accept.Add(new MediaTypeWithQualityHeaderValue(accept));
        }

        if (client is not null)
        {
            request.Headers.Add("X-Forwarded-For", client);
        }

        using var response = await http.SendAsync(request);
        return (response.StatusCode, await response.Content.ReadAsStringAsync());
    }

    private static async Task<JsonNode> JsonAsync(HttpClient http, string path)
    {
        var (status, body) = await GetAsync(http, path, "application/json");
        Assert.Equal(HttpStatusCode.OK, status);
        return JsonNode.Parse(body)!;
    }

    [Fact]
    public async Task The_page_follows_the_certificate_from_issue_through_activation_and_reissue_and_never_shows_the_code_or_email()
    {
        await using var world = await ActivationWorld.StartAsync(azurite);
        var eventId = ActivationWorld.NewId("verify");
        var codes = await world.IssueCodesAsync(eventId, "kept@clinic.example", "lost@clinic.example");
        var links = world.Certificates(eventId).ToDictionary(m => m.To, m => m.Values["verifyUrl"]);
        var kept = PathOf(links["kept@clinic.example"]);
        var lost = PathOf(links["lost@clinic.example"]);
        var secrets = new[] { codes["kept@clinic.example"], codes["lost@clinic.example"], "kept@clinic.example", "lost@clinic.example", "clinic.example" };

        var issued = await JsonAsync(world.Host.Http, kept);
        Assert.True(issued["genuine"]!.GetValue<bool>());
        Assert.Equal("issued", issued["state"]!.GetValue<string>());
        Assert.Equal("Антонов Андрей Викторович", issued["holderName"]!.GetValue<string>());
        Assert.Equal("Школа кардиолога", issued["event"]!["title"]!.GetValue<string>());
        Assert.Equal("Москва", issued["event"]!["place"]!.GetValue<string>());
        Assert.Equal("Общество кардиологов", issued["event"]!["provider"]!.GetValue<string>());
        Assert.Equal(6m, issued["event"]!["credits"]!.GetValue<decimal>());
        Assert.Equal("2026-11-20", issued["event"]!["startDate"]!.GetValue<string>());
        Assert.Equal(links["kept@clinic.example"], issued["links"]!["verification"]!.GetValue<string>());
        var (htmlStatus, html) = await GetAsync(world.Host.Http, kept, "text/html");
        Assert.Equal(HttpStatusCode.OK, htmlStatus);
        Assert.Contains("Антонов Андрей Викторович", html);
        Assert.Contains("Свидетельство подлинное", html);
        Assert.Contains("ещё не активирован", html);
        Assert.Contains($"href=\"{links["kept@clinic.example"]}/pdf\"", html);
        Assert.All(secrets, s => Assert.DoesNotContain(s, issued.ToJsonString() + html, StringComparison.OrdinalIgnoreCase));

        Assert.Equal(HttpStatusCode.OK, (await world.ActivateAsync(eventId + "-doc", codes["kept@clinic.example"], email: "kept@clinic.example")).StatusCode);
        var activated = await JsonAsync(world.Host.Http, kept);
        Assert.Equal("activated", activated["state"]!.GetValue<string>());
        Assert.Equal(TodayInMoscow.ToString("yyyy-MM-dd"), activated["activatedOn"]!.GetValue<string>());
        var (_, activatedHtml) = await GetAsync(world.Host.Http, kept, "text/html");
        Assert.Contains($"активирован {TodayInMoscow:dd.MM.yyyy}", activatedHtml);
        Assert.All(secrets.Append(eventId + "-doc"), s => Assert.DoesNotContain(s, activated.ToJsonString() + activatedHtml, StringComparison.OrdinalIgnoreCase));

        var reissue = await world.Provider.PostAsJsonAsync($"api/events/{eventId}/reissues", new { email = "lost@clinic.example" });
        Assert.Equal(HttpStatusCode.Accepted, reissue.StatusCode);
        await Eventually.WaitUntilAsync(() => world.Certificates(eventId).Count == 3, "the new certificate");
        var renewed = world.Certificates(eventId).Single(m => m.To == "lost@clinic.example" && m.Values["verifyUrl"] != links["lost@clinic.example"]);
        var revoked = await JsonAsync(world.Host.Http, lost);
        Assert.Equal("revoked", revoked["state"]!.GetValue<string>());
        Assert.Equal(renewed.Values["verifyUrl"], revoked["replacedByUrl"]!.GetValue<string>());
        var (_, revokedHtml) = await GetAsync(world.Host.Http, lost, "text/html");
        Assert.Contains("отозвано", revokedHtml);
        Assert.Contains(renewed.Values["verifyUrl"], revokedHtml);
        var replacement = await JsonAsync(world.Host.Http, PathOf(renewed.Values["verifyUrl"]));
        Assert.Equal("issued", replacement["state"]!.GetValue<string>());
        Assert.Null(replacement["replacedByUrl"]);
        Assert.All(secrets.Append(renewed.Values["code"]), s => Assert.DoesNotContain(s, revoked.ToJsonString() + revokedHtml + replacement.ToJsonString(), StringComparison.OrdinalIgnoreCase));
    }

    [Fact]
    public async Task Unknown_and_altered_ids_are_404_and_a_client_that_keeps_guessing_must_wait()
    {
        await using var world = await ActivationWorld.StartAsync(azurite, settings: new Dictionary<string, string?> { ["Certificates:MaxUnknownLookups"] = "3" });
        var eventId = ActivationWorld.NewId("guess");
        await world.IssueCodesAsync(eventId, "real@clinic.example");
        var real = PathOf(Assert.Single(world.Certificates(eventId)).Values["verifyUrl"]);
        var altered = real[..^2] + (real[^2] == 'A' ? "BA" : "AA");
        var guesser = "203.0.113.7";

        var (alteredStatus, alteredBody) = await GetAsync(world.Host.Http, altered, "application/json", guesser);
        var (unknownStatus, unknownPage) = await GetAsync(world.Host.Http, "api/certificates/AAAAAAAAAAAAAAAAAAAAAA", "text/html", guesser);
        var (junkStatus, _) = await GetAsync(world.Host.Http, "api/certificates/not-an-id", "application/json", guesser);
        var (throttledStatus, throttledBody) = await GetAsync(world.Host.Http, real, "application/json", guesser);
        var (otherStatus, _) = await GetAsync(world.Host.Http, real, "application/json", "198.51.100.20");

        Assert.Equal(HttpStatusCode.NotFound, alteredStatus);
        Assert.Equal("certificate.not-found", JsonNode.Parse(alteredBody)!["code"]!.GetValue<string>());
        Assert.Equal(HttpStatusCode.NotFound, unknownStatus);
        Assert.Contains("Свидетельство не найдено", unknownPage);
        Assert.Equal(HttpStatusCode.NotFound, junkStatus);
        Assert.Equal(HttpStatusCode.TooManyRequests, throttledStatus);
        Assert.Equal("certificate.throttled", JsonNode.Parse(throttledBody)!["code"]!.GetValue<string>());
        Assert.Equal(HttpStatusCode.OK, otherStatus);
    }

    [Fact]
    public async Task The_pdf_is_drawn_from_what_is_stored_so_a_revoked_certificate_says_so()
    {
        await using var world = await ActivationWorld.StartAsync(azurite);
        var eventId = ActivationWorld.NewId("pdf");
        var code = (await world.IssueCodesAsync(eventId, "pdf@clinic.example"))["pdf@clinic.example"];
        var mailed = Assert.Single(world.Certificates(eventId)).Values;
        var link = mailed["verifyUrl"];

        // The holder's link, from the e-mail only: the code in full.
        Assert.StartsWith(link + "/pdf?key=", mailed["pdfUrl"], StringComparison.Ordinal);
        using var response = await world.Host.Http.GetAsync(PathOf(mailed["pdfUrl"]));
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Equal("application/pdf", response.Content.Headers.ContentType!.MediaType);
        var issued = PdfReading.Of(await response.Content.ReadAsByteArrayAsync());
        Assert.True(issued.Shows(code));
        Assert.True(issued.Shows("Антонов Андрей Викторович"));
        Assert.True(issued.Shows("Школа кардиолога"));
        Assert.Equal([link], issued.QrPayloads);

        // What anyone holding the public id (the page, the QR code) gets: the same certificate, the code masked, so
        // nobody but its holder can activate it first. A wrong key, or another certificate's, is no key.
        var holderKey = new Uri(mailed["pdfUrl"]).Query.Replace("?key=", string.Empty, StringComparison.Ordinal);
        foreach (var path in new[] { PathOf(link) + "/pdf", PathOf(link) + "/pdf?key=AAAAAAAAAAAAAAAAAAAAAA", PathOf(link) + "/pdf?key=" + holderKey[..5] + (holderKey[5] == 'B' ? 'C' : 'B') + holderKey[6..] })
        {
            var anyone = PdfReading.Of(await world.Host.Http.GetByteArrayAsync(path));
            Assert.False(anyone.Shows(code), path);
            Assert.True(anyone.Shows("****-****" + code[^4..]), path);
            Assert.True(anyone.Shows("Антонов Андрей Викторович"), path);
            Assert.Equal([link], anyone.QrPayloads);
        }

        var reissue = await world.Provider.PostAsJsonAsync($"api/events/{eventId}/reissues", new { email = "pdf@clinic.example" });
        Assert.Equal(HttpStatusCode.Accepted, reissue.StatusCode);
        await Eventually.WaitUntilAsync(() => world.Certificates(eventId).Count == 2, "the new certificate");
        var renewed = world.Certificates(eventId).Single(m => m.Values["verifyUrl"] != link);

        var revoked = PdfReading.Of(await world.Host.Http.GetByteArrayAsync(PathOf(mailed["pdfUrl"])));
        Assert.True(revoked.Shows("ОТОЗВАНО"));
        Assert.True(revoked.Shows(renewed.Values["verifyUrl"]));
        Assert.False(revoked.Shows(code));
        var current = PdfReading.Of(await world.Host.Http.GetByteArrayAsync(PathOf(renewed.Values["pdfUrl"])));
        Assert.True(current.Shows(renewed.Values["code"]));
        Assert.False(PdfReading.Of(await world.Host.Http.GetByteArrayAsync(PathOf(renewed.Values["verifyUrl"]) + "/pdf")).Shows(renewed.Values["code"]));
        Assert.False(current.Shows("ОТОЗВАНО"));
        Assert.Equal(HttpStatusCode.NotFound, (await world.Host.Http.GetAsync("api/certificates/AAAAAAAAAAAAAAAAAAAAAA/pdf")).StatusCode);
    }
}
