using System.Net;
using System.Net.Http.Headers;
using System.Net.Http.Json;
using System.Reflection;
using Microsoft.Azure.Functions.Worker;
using Nmo.Core.Access;
using Nmo.Functions.Http;
using Nmo.LocalHost;
using Nmo.Testing;

namespace Nmo.Functions.Tests.Access;

/// <summary>
/// The portal's and the operators' routes on the real host with the development token issuer: the same token
/// checks (signature from the published keys, issuer, audience, lifetime, app role) as with Entra ID in Azure.
/// </summary>
public sealed class EntraAccessTests(AzuriteFixture azurite) : IClassFixture<AzuriteFixture>
{
    private const string Doctor = "access-doctor-1";

    [Fact]
    public async Task Without_a_token_the_portal_route_answers_401_with_a_bearer_challenge_in_Russian()
    {
        await using var host = await StartAsync();

        var response = await host.Http.GetAsync($"api/doctors/{Doctor}/credits");

        Assert.Equal(HttpStatusCode.Unauthorized, response.StatusCode);
        Assert.Equal("Bearer", response.Headers.WwwAuthenticate.ToString());
        var problem = await PipelineHost.JsonAsync(response);
        Assert.Equal("access.token-missing", problem["code"]!.GetValue<string>());
        Assert.Contains("токен", problem["detail"]!.GetValue<string>(), StringComparison.Ordinal);
    }

    [Fact]
    public async Task An_expired_token_answers_401_and_says_so_in_English_when_asked()
    {
        await using var host = await StartAsync();
        var token = host.Issuer!.CreateToken([AccessRoles.Portal], TimeSpan.FromMinutes(10), DateTimeOffset.UtcNow.AddHours(-1));
        using var request = Request(HttpMethod.Get, $"api/doctors/{Doctor}/credits", token);
        request.Headers.AcceptLanguage.ParseAdd("en");

        var response = await host.Http.SendAsync(request);

        Assert.Equal(HttpStatusCode.Unauthorized, response.StatusCode);
        Assert.Contains("invalid_token", response.Headers.WwwAuthenticate.ToString(), StringComparison.Ordinal);
        var problem = await PipelineHost.JsonAsync(response);
        Assert.Equal("access.token-expired", problem["code"]!.GetValue<string>());
        Assert.Contains("expired", problem["detail"]!.GetValue<string>(), StringComparison.Ordinal);
    }

    [Fact]
    public async Task A_token_signed_by_another_key_answers_401()
    {
        await using var host = await StartAsync();
        using var impostor = DevelopmentIssuer.Create();

        var response = await host.Http.SendAsync(Request(HttpMethod.Get, $"api/doctors/{Doctor}/credits", impostor.CreateToken([AccessRoles.Portal])));

        Assert.Equal(HttpStatusCode.Unauthorized, response.StatusCode);
        Assert.Equal("access.token-invalid", (await PipelineHost.JsonAsync(response))["code"]!.GetValue<string>());
    }

    [Theory]
    [InlineData("api://another-app", DevelopmentIssuer.Issuer)]
    [InlineData(DevelopmentIssuer.Audience, "urn:another-issuer")]
    public async Task A_token_for_another_audience_or_from_another_issuer_answers_401(string audience, string issuer)
    {
        await using var host = await StartAsync();

        var response = await host.Http.SendAsync(Request(
            HttpMethod.Get, $"api/doctors/{Doctor}/credits", host.Issuer!.CreateToken([AccessRoles.Portal], audience: audience, issuer: issuer)));

        Assert.Equal(HttpStatusCode.Unauthorized, response.StatusCode);
        Assert.Equal("access.token-invalid", (await PipelineHost.JsonAsync(response))["code"]!.GetValue<string>());
    }

    [Fact]
    public async Task A_valid_token_without_the_role_answers_403()
    {
        await using var host = await StartAsync();
        using var nobody = host.ClientWithRoles();

        var response = await nobody.PostAsJsonAsync("api/activations", new { doctorId = Doctor, email = "access-doctor@clinic.example", code = "ABCD-EFGH-2345" });

        Assert.Equal(HttpStatusCode.Forbidden, response.StatusCode);
        Assert.Contains("insufficient_scope", response.Headers.WwwAuthenticate.ToString(), StringComparison.Ordinal);
        var problem = await PipelineHost.JsonAsync(response);
        Assert.Equal("access.role-missing", problem["code"]!.GetValue<string>());
        Assert.Contains(AccessRoles.Portal, problem["detail"]!.GetValue<string>(), StringComparison.Ordinal);
    }

    [Fact]
    public async Task The_Portal_role_reaches_activation_and_credits_but_not_the_admin_route()
    {
        await using var host = await StartAsync();
        using var portal = host.ClientWithRoles(AccessRoles.Portal);

        var activation = await portal.PostAsJsonAsync("api/activations", new { doctorId = Doctor, email = "access-doctor@clinic.example", code = "ABCD-EFGH-2345" });
        var credits = await portal.GetAsync($"api/doctors/{Doctor}/credits");
        var pdf = await portal.GetAsync($"api/doctors/{Doctor}/credits.pdf");
        var admin = await portal.PostAsJsonAsync("api/admin/providers", new { name = "Провайдер портала" });

        // The activation itself answered: the code is unknown or mistyped, which only the activation service knows.
        Assert.NotEqual(HttpStatusCode.Unauthorized, activation.StatusCode);
        Assert.NotEqual(HttpStatusCode.Forbidden, activation.StatusCode);
        Assert.StartsWith("code.", (await PipelineHost.JsonAsync(activation))["code"]!.GetValue<string>(), StringComparison.Ordinal);
        Assert.Equal(HttpStatusCode.OK, credits.StatusCode);
        Assert.Equal(HttpStatusCode.OK, pdf.StatusCode);
        Assert.Equal(HttpStatusCode.Forbidden, admin.StatusCode);
    }

    [Fact]
    public async Task The_Operator_role_creates_a_provider_and_is_refused_the_portal_routes()
    {
        await using var host = await StartAsync();
        using var operatorClient = host.ClientWithRoles(AccessRoles.Operator);

        var created = await operatorClient.PostAsJsonAsync("api/admin/providers", new { name = "Провайдер оператора" });
        var credits = await operatorClient.GetAsync($"api/doctors/{Doctor}/credits");

        Assert.Equal(HttpStatusCode.Created, created.StatusCode);
        Assert.Equal(HttpStatusCode.Forbidden, credits.StatusCode);
    }

    [Fact]
    public async Task With_the_fallback_on_the_role_key_opens_its_routes_and_a_wrong_key_answers_401()
    {
        await using var host = await PipelineHost.StartAsync(azurite, new Dictionary<string, string?>
        {
            ["Auth:AllowFunctionKeys"] = "true",
            ["Auth:FunctionKeys:Portal"] = "portal-fallback-key-0123456789",
        });

        var withKey = await host.Http.SendAsync(KeyRequest($"api/doctors/{Doctor}/credits", "portal-fallback-key-0123456789"));
        var wrongKey = await host.Http.SendAsync(KeyRequest($"api/doctors/{Doctor}/credits", "portal-fallback-key-wrong"));
        var portalKeyOnAdmin = await host.Http.SendAsync(KeyRequest("api/admin/providers", "portal-fallback-key-0123456789", HttpMethod.Post));
        var none = await host.Http.GetAsync($"api/doctors/{Doctor}/credits");

        Assert.Equal(HttpStatusCode.OK, withKey.StatusCode);
        Assert.Equal(HttpStatusCode.Unauthorized, wrongKey.StatusCode);
        Assert.Equal(HttpStatusCode.Unauthorized, portalKeyOnAdmin.StatusCode);
        Assert.Equal(HttpStatusCode.Unauthorized, none.StatusCode);
    }

    [Fact]
    public void Every_admin_route_requires_the_Operator_role_and_every_portal_route_the_Portal_role()
    {
        var routes = typeof(DoctorFunctions).Assembly.GetTypes()
            .SelectMany(t => t.GetMethods())
            .Select(m => (Method: m, Trigger: m.GetParameters().Select(p => p.GetCustomAttribute<HttpTriggerAttribute>()).FirstOrDefault(a => a is not null)))
            .Where(r => r.Trigger?.Route is not null)
            .ToList();

        Assert.All(routes.Where(r => r.Trigger!.Route!.StartsWith("api/admin/", StringComparison.Ordinal)), r => Assert.Equal(AccessRoles.Operator, AccessAnswer.RequiredRole(r.Method)));
        Assert.All(routes.Where(r => r.Trigger!.Route is "api/activations" or "api/doctors/{doctorId}/credits" or "api/doctors/{doctorId}/credits.pdf"), r => Assert.Equal(AccessRoles.Portal, AccessAnswer.RequiredRole(r.Method)));
        Assert.True(routes.Count(r => AccessAnswer.RequiredRole(r.Method) == AccessRoles.Portal) == 3);
    }

    private Task<PipelineHost> StartAsync() =>
        PipelineHost.StartAsync(azurite, tweak: o => o.DevelopmentIssuer = DevelopmentIssuer.Create());

    private static HttpRequestMessage Request(HttpMethod method, string path, string token)
    {
        var request = new HttpRequestMessage(method, path);
        request.Headers.Authorization = new AuthenticationHeaderValue("Bearer", token);
        return request;
    }

    private static HttpRequestMessage KeyRequest(string path, string key, HttpMethod? method = null)
    {
        var request = new HttpRequestMessage(method ?? HttpMethod.Get, path);
        request.Headers.Add(AccessAnswer.FunctionKeyHeader, key);
        if (method == HttpMethod.Post)
        {
            request.Content = JsonContent.Create(new { name = "x" });
        }

        return request;
    }
}
