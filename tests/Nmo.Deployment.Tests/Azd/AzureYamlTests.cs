using System.Text.Json;
using System.Text.Json.Nodes;
using Json.Schema;

namespace Nmo.Deployment.Tests.Azd;

/// <summary>azure.yaml is what `azd up` reads first: valid against azd's schema and pointing at real files.</summary>
public sealed class AzureYamlTests
{
    private static readonly Lazy<JsonSchema> Schema = new(LoadSchema);

    private static JsonNode? AzureYaml() => YamlJson.Parse(File.ReadAllText(RepositoryPaths.AzureYaml));

    [Fact]
    public void Azure_yaml_is_valid_against_the_azd_schema()
    {
        var errors = Validate(AzureYaml());

        Assert.True(errors.Count == 0, "azure.yaml does not match azd's schema:\n" + string.Join("\n", errors));
    }

    [Theory]
    [InlineData("name: NMO Credit Pipeline\nservices:\n  api:\n    project: ./functions/Nmo.Functions\n    host: function\n", "/name: pattern")]
    [InlineData("name: nmo-credit-pipeline\nservices:\n  api:\n    project: ./functions/Nmo.Functions\n    language: dotnet\n", "/services/api: required")]
    [InlineData("name: nmo-credit-pipeline\nhooks:\n  postprovision:\n    shell: bash\n    run: ./infra/hooks/postprovision.sh\n", "/hooks/postprovision/shell: enum")]
    [InlineData("name: nmo-credit-pipeline\nhooks:\n  afterprovision:\n    run: ./infra/hooks/postprovision.sh\n", "/hooks/afterprovision: ")]
    public void Schema_validation_rejects_a_broken_azure_yaml(string yaml, string expectedError)
    {
        // An upper-case name, a service without host, an unknown shell, an unknown hook: each must fail for its
        // own reason, or the validity test above would prove nothing.
        var errors = Validate(YamlJson.Parse(yaml));

        Assert.Contains(errors, e => e.StartsWith(expectedError, StringComparison.Ordinal));
    }

    [Fact]
    public void The_functions_app_is_deployed_as_a_dotnet_function_service()
    {
        var services = AzureYaml()!["services"]!.AsObject();
        var service = Assert.Single(services).Value!;

        Assert.Equal("function", service["host"]!.GetValue<string>());
        Assert.Equal("dotnet", service["language"]!.GetValue<string>());
        Assert.Equal("./functions/Nmo.Functions", service["project"]!.GetValue<string>());
        Assert.True(File.Exists(Path.Combine(RepositoryPaths.Root, "functions", "Nmo.Functions", "Nmo.Functions.csproj")));
    }

    [Fact]
    public void Infra_and_hooks_point_at_files_in_the_repository()
    {
        var yaml = AzureYaml()!;
        var infra = yaml["infra"]!;
        Assert.Equal("bicep", infra["provider"]!.GetValue<string>());
        Assert.True(File.Exists(Path.Combine(RepositoryPaths.Root, infra["path"]!.GetValue<string>(), infra["module"]!.GetValue<string>() + ".bicep")));
        Assert.True(File.Exists(Path.Combine(RepositoryPaths.Root, infra["path"]!.GetValue<string>(), infra["module"]!.GetValue<string>() + ".parameters.json")));

        var hook = yaml["hooks"]!["postprovision"]!;
        foreach (var platform in new[] { "posix", "windows" })
        {
            var script = hook[platform]!["run"]!.GetValue<string>();
            Assert.True(File.Exists(Path.Combine(RepositoryPaths.Root, script)), $"{platform} hook {script} is missing");
        }

        // The service name is the tag azd looks the app up by; the template must write the same one.
        var serviceName = Assert.Single(yaml["services"]!.AsObject()).Key;
        var bicep = File.ReadAllText(Path.Combine(RepositoryPaths.Infra, "main.bicep"));
        Assert.Contains($"'azd-service-name': '{serviceName}'", bicep, StringComparison.Ordinal);
    }

    /// <summary>
    /// azd's schema composes the schemas of its extension hosts (azure.ai.*) by absolute URL. They are not vendored
    /// and CI has no network, and no service here uses those hosts, so each is stood in for by an empty
    /// (accept-anything) schema under its URL; everything else is validated as azd would.
    /// </summary>
    private static JsonSchema LoadSchema()
    {
        var path = RepositoryPaths.AzureYamlSchema();
        var options = new BuildOptions { SchemaRegistry = new SchemaRegistry() };
        var external = JsonNode.Parse(File.ReadAllText(path))
            .DescendantStrings("$ref")
            .Where(r => r.StartsWith("https://", StringComparison.Ordinal))
            .Select(r => r.Split('#')[0])
            .Distinct(StringComparer.Ordinal);
        foreach (var uri in external)
        {
            JsonSchema.FromText(
                $$"""{ "$schema": "https://json-schema.org/draft/2019-09/schema", "$id": "{{uri}}" }""", options);
        }

        return JsonSchema.FromFile(path, options);
    }

    private static List<string> Validate(JsonNode? document)
    {
        using var json = JsonDocument.Parse(document?.ToJsonString() ?? "null");
        var result = Schema.Value.Evaluate(json.RootElement, new EvaluationOptions { OutputFormat = OutputFormat.List });
        if (result.IsValid)
        {
            return [];
        }

        var errors = (result.Details ?? [])
            .Where(d => d.Errors is { Count: > 0 })
            .SelectMany(d => d.Errors!.Select(e => $"{d.InstanceLocation}: {e.Key}: {e.Value}"))
            .ToList();
        return errors.Count > 0 ? errors : ["invalid (no detail)"];
    }
}
