using System.Net;
using System.Text.Json.Nodes;
using Microsoft.OpenApi;
using Nmo.Testing;

namespace Nmo.Functions.Tests.ProviderConsole;

/// <summary>
/// The OpenAPI document served at /api/openapi.json is valid OpenAPI 3.x and describes exactly the HTTP functions the
/// build registers (functions.metadata): a route missing from the document, or one the document invents, fails here.
/// To add a route: add its path and method under "paths" in functions/Nmo.Functions/OpenApi/openapi.json.
/// </summary>
public sealed class OpenApiDocumentTests(AzuriteFixture azurite) : IClassFixture<AzuriteFixture>
{
    /// <summary>The console's catch-all serves files, not API: it is the one HTTP function the document leaves out.</summary>
    private const string ConsoleFunction = "Console";

    private static HashSet<string> MetadataOperations()
    {
        var metadata = JsonNode.Parse(File.ReadAllText(Path.Combine(AppContext.BaseDirectory, "functions.metadata")))!.AsArray();
        var operations = new HashSet<string>(StringComparer.Ordinal);
        foreach (var function in metadata)
        {
            foreach (var binding in function!["bindings"]!.AsArray().Where(b => b!["type"]!.GetValue<string>() == "httpTrigger"))
            {
                if (function["name"]!.GetValue<string>() == ConsoleFunction)
                {
                    continue;
                }

                var route = "/" + binding!["route"]!.GetValue<string>();
                Assert.StartsWith("/api/", route, StringComparison.Ordinal);
                foreach (var method in binding["methods"]!.AsArray())
                {
                    operations.Add($"{method!.GetValue<string>().ToUpperInvariant()} {route}");
                }
            }
        }

        return operations;
    }

    [Fact]
    public async Task The_served_document_is_valid_openapi_3_and_matches_functions_metadata_both_ways()
    {
        await using var host = await PipelineHost.StartAsync(azurite);
        var response = await host.Http.GetAsync("/api/openapi.json");
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);

        await using var stream = await response.Content.ReadAsStreamAsync();
        var (document, diagnostic) = await OpenApiDocument.LoadAsync(stream, "json");

        Assert.NotNull(document);
        Assert.Empty(diagnostic!.Errors.Select(e => e.ToString()));
        Assert.StartsWith("3.", diagnostic.SpecificationVersion.ToString().Replace("OpenApi", "", StringComparison.Ordinal).Replace('_', '.'), StringComparison.Ordinal);
        Assert.Empty(document.Validate(ValidationRuleSet.GetDefaultRuleSet())!.Select(e => e.ToString()));

        var documented = document.Paths
            .SelectMany(p => p.Value.Operations!.Keys.Select(m => $"{m.Method.ToUpperInvariant()} {p.Key}"))
            .ToHashSet(StringComparer.Ordinal);
        var registered = MetadataOperations();
        Assert.Empty(registered.Except(documented).Order()); // a function the document does not describe
        Assert.Empty(documented.Except(registered).Order()); // a route the document invents
    }

    [Fact]
    public async Task Every_documented_answer_of_a_problem_is_problem_json_with_its_code()
    {
        await using var host = await PipelineHost.StartAsync(azurite);
        await using var stream = await host.Http.GetStreamAsync("/api/openapi.json");
        var (document, _) = await OpenApiDocument.LoadAsync(stream, "json");

        var problem = document!.Components!.Schemas!["Problem"];
        Assert.Contains("code", problem.Required!);
        foreach (var (path, item) in document.Paths)
        {
            foreach (var (method, operation) in item.Operations!)
            {
                foreach (var (status, answer) in operation.Responses!.Where(r => r.Key[0] is '4' or '5' && r.Key != "503" || r.Key is "503" && path != "/api/health"))
                {
                    Assert.True(answer.Content!.ContainsKey("application/problem+json"), $"{method} {path} {status}");
                }
            }
        }
    }
}
