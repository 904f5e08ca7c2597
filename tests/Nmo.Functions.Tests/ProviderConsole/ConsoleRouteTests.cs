using System.Net;
using Nmo.Testing;

namespace Nmo.Functions.Tests.ProviderConsole;

/// <summary>The console is served at the site root by the app itself, with headers that keep it from being framed or fed outside code.</summary>
public sealed class ConsoleRouteTests(AzuriteFixture azurite) : IClassFixture<AzuriteFixture>
{
    [Theory]
    [InlineData("/", "text/html")]
    [InlineData("/console.js", "text/javascript")]
    [InlineData("/console.css", "text/css")]
    public async Task The_console_files_are_served_at_the_root_with_a_strict_policy(string path, string type)
    {
        await using var host = await PipelineHost.StartAsync(azurite);

        var response = await host.Http.GetAsync(path);

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Equal(type, response.Content.Headers.ContentType?.MediaType);
        var csp = string.Join(";", response.Headers.GetValues("Content-Security-Policy"));
        Assert.Contains("default-src 'none'", csp);
        Assert.Contains("frame-ancestors 'none'", csp);
        Assert.DoesNotContain("http", csp);
        Assert.DoesNotContain("unsafe", csp);
        Assert.Equal("nosniff", Assert.Single(response.Headers.GetValues("X-Content-Type-Options")));
    }

    [Fact]
    public async Task The_console_loads_nothing_from_outside_the_app()
    {
        await using var host = await PipelineHost.StartAsync(azurite);

        foreach (var path in new[] { "/", "/console.js", "/console.css" })
        {
            var text = await host.Http.GetStringAsync(path);
            Assert.DoesNotMatch(@"(src|href)\s*=\s*[""']?(https?:)?//", text);
            Assert.DoesNotMatch(@"url\(\s*[""']?(https?:)?//", text);
            Assert.DoesNotContain("innerHTML", text);
        }
    }

    [Fact]
    public async Task The_api_keeps_its_urls_and_an_unknown_api_path_is_a_problem_not_a_page()
    {
        await using var host = await PipelineHost.StartAsync(azurite);

        var health = await host.Http.GetAsync("/api/health");
        var unknown = await host.Http.GetAsync("/api/no-such-route");
        var missingFile = await host.Http.GetAsync("/no-such-file.js");

        Assert.Equal(HttpStatusCode.OK, health.StatusCode);
        Assert.Equal(HttpStatusCode.NotFound, unknown.StatusCode);
        Assert.Equal("application/problem+json", unknown.Content.Headers.ContentType?.MediaType);
        Assert.Equal("route.not-found", (await PipelineHost.JsonAsync(unknown))["code"]!.GetValue<string>());
        Assert.Equal(HttpStatusCode.NotFound, missingFile.StatusCode);
    }
}
