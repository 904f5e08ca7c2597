using System.Buffers.Text;
using System.Net;
using System.Net.Http.Headers;
using System.Net.Http.Json;
using System.Text;
using System.Text.Json.Nodes;
using Microsoft.IdentityModel.JsonWebTokens;
using Microsoft.IdentityModel.Tokens;
using Nmo.Core.Configuration;
using Nmo.Core.Credentials;
using Nmo.Functions.Tests.Activations;
using Nmo.Testing;

namespace Nmo.Functions.Tests.Certificates;

/// <summary>
/// The signed Open Badges credential, checked as an outside verifier checks it: the keys fetched from the local
/// host's GET api/issuer/jwks.json, the token validated by Microsoft.IdentityModel (not the code that signed it).
/// </summary>
public sealed class CredentialTests(AzuriteFixture azurite) : IClassFixture<AzuriteFixture>
{
    private const string Email = "badge@clinic.example";
    private const string Snils = "112-233-445 95";

    [Fact]
    public async Task The_credential_verifies_with_the_published_keys_and_names_the_holder_without_email_code_or_snils()
    {
        await using var world = await ActivationWorld.StartAsync(azurite);
        var eventId = ActivationWorld.NewId("badge");
        var (link, code) = await IssueWithSnilsAsync(world, eventId);

        using var response = await world.Host.Http.GetAsync(VerificationPageTests.PathOf(link) + "/credential");
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Equal("application/vc+jwt", response.Content.Headers.ContentType!.MediaType);
        var token = await response.Content.ReadAsStringAsync();
        var keys = await KeysAsync(world.Host.Http);

        var result = await ValidateAsync(token, keys);
        Assert.True(result.IsValid, result.Exception?.Message);
        var jwt = (JsonWebToken)result.SecurityToken;
        Assert.Equal("ES256", jwt.Alg);
        Assert.Equal("JWT", jwt.Typ);
        Assert.Equal(Assert.Single(keys.Keys).Kid, jwt.Kid);
        Assert.StartsWith(PipelineSettings.PublicBaseUrl + "/api/issuer/jwks.json#", jwt.Kid, StringComparison.Ordinal);

        var credential = Payload(token);
        Assert.Equal(["VerifiableCredential", "OpenBadgeCredential"], Strings(credential["type"]));
        Assert.Equal(["https://www.w3.org/ns/credentials/v2", "https://purl.imsglobal.org/spec/ob/v3p0/context-3.0.3.json"], Strings(credential["@context"]));
        Assert.Equal(link, credential["id"]!.GetValue<string>());
        var issuer = credential["issuer"]!;
        Assert.StartsWith(PipelineSettings.PublicBaseUrl + "/api/issuer#provider-", issuer["id"]!.GetValue<string>(), StringComparison.Ordinal);
        Assert.Equal("Общество кардиологов", issuer["name"]!.GetValue<string>());
        var subject = credential["credentialSubject"]!;
        Assert.Equal(["AchievementSubject"], Strings(subject["type"]));
        var identity = Assert.Single(subject["identifier"]!.AsArray())!;
        Assert.Equal("name", identity["identityType"]!.GetValue<string>());
        Assert.Equal("Антонов Андрей Викторович", identity["identity"]!.GetValue<string>());
        var achievement = subject["achievement"]!;
        Assert.Equal(["Achievement"], Strings(achievement["type"]));
        Assert.Equal("Школа кардиолога", achievement["name"]!.GetValue<string>());
        Assert.Equal(6m, achievement["creditsAvailable"]!.GetValue<decimal>());
        Assert.Contains("Москва", achievement["description"]!.GetValue<string>(), StringComparison.Ordinal);
        Assert.Equal(6m, subject["creditsEarned"]!.GetValue<decimal>());

        // OB 3.0 §8.2.6.1: iss, sub, jti and nbf mirror issuer.id, credentialSubject.id, id and validFrom.
        Assert.Equal(issuer["id"]!.GetValue<string>(), jwt.Issuer);
        Assert.Equal(subject["id"]!.GetValue<string>(), jwt.Subject);
        Assert.Equal(link, jwt.Id);
        Assert.Equal(DateTimeOffset.Parse(credential["validFrom"]!.GetValue<string>(), System.Globalization.CultureInfo.InvariantCulture).UtcDateTime, jwt.ValidFrom);

        var everything = token + Header(token) + credential.ToJsonString(new System.Text.Json.JsonSerializerOptions { Encoder = System.Text.Encodings.Web.JavaScriptEncoder.UnsafeRelaxedJsonEscaping });
        foreach (var secret in new[] { Email, "clinic.example", code, code.Replace("-", string.Empty, StringComparison.Ordinal), Snils, "11223344595" })
        {
            Assert.DoesNotContain(secret, everything, StringComparison.OrdinalIgnoreCase);
        }

        var profile = await JsonNode.ParseAsync(await world.Host.Http.GetStreamAsync("api/issuer"));
        Assert.Equal(PipelineSettings.PublicBaseUrl + "/api/issuer", profile!["id"]!.GetValue<string>());
        Assert.Equal(["Profile"], Strings(profile["type"]));
        Assert.Equal(PipelineSettings.PublicBaseUrl, profile["url"]!.GetValue<string>());
        Assert.Equal(profile["id"]!.GetValue<string>(), issuer["parentOrg"]!["id"]!.GetValue<string>());
        Assert.False(string.IsNullOrWhiteSpace(profile["name"]!.GetValue<string>()));
    }

    [Fact]
    public async Task A_tampered_credential_fails_validation()
    {
        await using var world = await ActivationWorld.StartAsync(azurite);
        var eventId = ActivationWorld.NewId("tamper");
        var (link, _) = await IssueWithSnilsAsync(world, eventId);
        var token = await world.Host.Http.GetStringAsync(VerificationPageTests.PathOf(link) + "/credential");
        var keys = await KeysAsync(world.Host.Http);
        Assert.True((await ValidateAsync(token, keys)).IsValid);

        var parts = token.Split('.');
        var credential = Payload(token);
        credential["credentialSubject"]!["creditsEarned"] = 60m;
        var forged = $"{parts[0]}.{Base64Url.EncodeToString(Encoding.UTF8.GetBytes(credential.ToJsonString()))}.{parts[2]}";

        var result = await ValidateAsync(forged, keys);
        Assert.False(result.IsValid);
        Assert.IsType<SecurityTokenInvalidSignatureException>(result.Exception);
    }

    [Fact]
    public async Task Unknown_ids_are_404_and_a_revoked_certificate_gets_no_credential()
    {
        await using var world = await ActivationWorld.StartAsync(azurite);
        var eventId = ActivationWorld.NewId("revoke");
        var (link, _) = await IssueWithSnilsAsync(world, eventId);

        var unknown = await world.Host.Http.GetAsync("api/certificates/AAAAAAAAAAAAAAAAAAAAAA/credential");
        Assert.Equal(HttpStatusCode.NotFound, unknown.StatusCode);
        Assert.Equal("certificate.not-found", (await PipelineHost.JsonAsync(unknown))["code"]!.GetValue<string>());

        var reissue = await world.Provider.PostAsJsonAsync($"api/events/{eventId}/reissues", new { email = Email });
        Assert.Equal(HttpStatusCode.Accepted, reissue.StatusCode);
        await Eventually.WaitUntilAsync(() => world.Certificates(eventId).Count == 2, "the new certificate");
        var renewed = world.Certificates(eventId).Single(m => m.Values["verifyUrl"] != link).Values["verifyUrl"];

        var revoked = await world.Host.Http.GetAsync(VerificationPageTests.PathOf(link) + "/credential");
        Assert.Equal(HttpStatusCode.Gone, revoked.StatusCode);
        var problem = await PipelineHost.JsonAsync(revoked);
        Assert.Equal("certificate.revoked", problem["code"]!.GetValue<string>());
        Assert.Equal(link, problem["verificationUrl"]!.GetValue<string>());
        var current = await world.Host.Http.GetAsync(VerificationPageTests.PathOf(renewed) + "/credential");
        Assert.Equal(HttpStatusCode.OK, current.StatusCode);
    }

    [Fact]
    public async Task After_a_rotation_new_credentials_carry_the_new_key_and_old_ones_still_verify()
    {
        var first = SigningKeyRing.NewKeyPem();
        string link, before;
        await using (var world = await ActivationWorld.StartAsync(azurite, settings: Keys(first)))
        {
            (link, _) = await IssueWithSnilsAsync(world, ActivationWorld.NewId("rotate"));
            before = await world.Host.Http.GetStringAsync(VerificationPageTests.PathOf(link) + "/credential");
        }

        await using var rotated = await ActivationWorld.StartAsync(azurite, settings: Keys(SigningKeyRing.Rotate(first)));
        var after = await rotated.Host.Http.GetStringAsync(VerificationPageTests.PathOf(link) + "/credential");
        var keys = await KeysAsync(rotated.Host.Http);

        Assert.Equal(2, keys.Keys.Count);
        var oldKid = new JsonWebToken(before).Kid;
        var newKid = new JsonWebToken(after).Kid;
        Assert.NotEqual(oldKid, newKid);
        Assert.Equal([newKid, oldKid], keys.Keys.Select(k => k.Kid));
        Assert.True((await ValidateAsync(before, keys)).IsValid, "a credential signed before the rotation no longer verifies");
        Assert.True((await ValidateAsync(after, keys)).IsValid);
    }

    [Fact]
    public async Task Without_a_signing_key_the_credential_routes_answer_503_and_the_page_still_works()
    {
        await using var world = await ActivationWorld.StartAsync(azurite, settings: Keys(string.Empty));
        var eventId = ActivationWorld.NewId("nokey");
        var (link, _) = await IssueWithSnilsAsync(world, eventId);

        var credential = await world.Host.Http.GetAsync(VerificationPageTests.PathOf(link) + "/credential");
        var keys = await world.Host.Http.GetAsync("api/issuer/jwks.json");

        Assert.Equal(HttpStatusCode.ServiceUnavailable, credential.StatusCode);
        Assert.Equal("credential.unavailable", (await PipelineHost.JsonAsync(credential))["code"]!.GetValue<string>());
        Assert.Equal(HttpStatusCode.ServiceUnavailable, keys.StatusCode);
        Assert.Equal(HttpStatusCode.OK, (await world.Host.Http.GetAsync(VerificationPageTests.PathOf(link))).StatusCode);
    }

    private static Dictionary<string, string?> Keys(string bundle) => new() { [SettingNames.CredentialSigningKeys] = bundle };

    /// <summary>An attendance list with СНИЛС, so the test can show the number never reaches the credential.</summary>
    private static async Task<(string Link, string Code)> IssueWithSnilsAsync(ActivationWorld world, string eventId)
    {
        (await world.PutActivityAsync(eventId, "event", 6)).EnsureSuccessStatusCode();
        using var content = new ByteArrayContent(Encoding.UTF8.GetBytes($"Фамилия;Имя;Отчество;Email;СНИЛС\nАнтонов;Андрей;Викторович;{Email};{Snils}\n"));
        content.Headers.ContentType = new MediaTypeHeaderValue("text/csv");
        var upload = await world.Provider.PostAsync($"api/events/{eventId}/attendance", content);
        upload.EnsureSuccessStatusCode();
        var status = await PipelineHost.WaitForUploadAsync(world.Provider, (await PipelineHost.JsonAsync(upload))["uploadId"]!.GetValue<string>());
        Assert.Equal(1, status["emailed"]!.GetValue<int>());
        var mail = Assert.Single(world.Certificates(eventId));
        return (mail.Values["verifyUrl"], mail.Values["code"]);
    }

    private static async Task<JsonWebKeySet> KeysAsync(HttpClient http)
    {
        using var response = await http.GetAsync("api/issuer/jwks.json");
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Equal("application/jwk-set+json", response.Content.Headers.ContentType!.MediaType);
        var body = await response.Content.ReadAsStringAsync();
        Assert.DoesNotContain("\"d\"", body, StringComparison.Ordinal);
        return new JsonWebKeySet(body);
    }

    private static Task<TokenValidationResult> ValidateAsync(string token, JsonWebKeySet keys) =>
        new JsonWebTokenHandler().ValidateTokenAsync(token, new TokenValidationParameters
        {
            IssuerSigningKeys = keys.GetSigningKeys(),
            ValidateIssuerSigningKey = true,
            ValidateIssuer = false,
            ValidateAudience = false,
            RequireExpirationTime = false,
            ValidTypes = ["JWT"],
            ValidAlgorithms = [SecurityAlgorithms.EcdsaSha256],
        });

    private static JsonNode Header(string token) => JsonNode.Parse(Base64Url.DecodeFromChars(token.Split('.')[0]))!;

    private static JsonObject Payload(string token) => JsonNode.Parse(Base64Url.DecodeFromChars(token.Split('.')[1]))!.AsObject();

    private static string[] Strings(JsonNode? array) => [.. array!.AsArray().Select(n => n!.GetValue<string>())];
}
