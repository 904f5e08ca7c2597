using System.Text.Json.Nodes;
using Nmo.Core.Storage;
using Nmo.Deployment.Tests.Bicep;

namespace Nmo.Deployment.Tests.Templates;

/// <summary>The compiled template deploys exactly what the code reads, with no key anywhere.</summary>
[Collection(CompiledTemplateCollection.Name)]
public sealed class TemplateMatchesCodeTests(CompiledTemplateFixture compiled)
{
    [Fact]
    public void Compiled_template_provides_everything_the_code_reads()
    {
        var problems = DeploymentTemplateChecker.Check(compiled.Template(), DeploymentExpectations.FromCode());

        Assert.True(problems.Count == 0, "The template does not match the code:\n" + string.Join("\n", problems));
    }

    [Fact]
    public void Template_creates_no_queue_table_or_container_the_code_does_not_use()
    {
        // A name left behind after a rename in StorageNames would be an empty resource nobody watches.
        var template = ArmTemplate.Parse(compiled.Template());
        var expected = DeploymentExpectations.FromCode();

        var queues = template.OfType("Microsoft.Storage/storageAccounts/queueServices/queues").Select(q => q.LeafName);
        var tables = template.OfType("Microsoft.Storage/storageAccounts/tableServices/tables").Select(t => t.LeafName);
        var containers = template.OfType("Microsoft.Storage/storageAccounts/blobServices/containers")
            .Select(c => c.LeafName)
            .Where(c => !c.StartsWith("app-package-", StringComparison.Ordinal));

        Assert.Equal(expected.Queues.Order(), queues.Order());
        Assert.Equal(expected.Tables.Order(), tables.Order());
        Assert.Equal(expected.Containers.Order(), containers.Order());
        Assert.Contains(StorageNames.Queues.Poison(StorageNames.Queues.Uploads), queues);
    }

    [Fact]
    public void Every_parameter_without_a_default_comes_from_the_azd_environment()
    {
        var parametersFile = JsonNode.Parse(File.ReadAllText(Path.Combine(RepositoryPaths.Infra, "main.parameters.json")))!.AsObject();
        var mappings = new Dictionary<string, string>
        {
            ["environmentName"] = "AZURE_ENV_NAME",
            ["location"] = "AZURE_LOCATION",
            ["principalId"] = "AZURE_PRINCIPAL_ID",
            ["principalType"] = "AZURE_PRINCIPAL_TYPE",
        };

        var problems = DeploymentTemplateChecker.CheckParametersFile(compiled.Template(), parametersFile, mappings);

        Assert.True(problems.Count == 0, string.Join("\n", problems));
    }

    [Fact]
    public void Parameters_file_that_misses_a_required_parameter_is_reported()
    {
        var parametersFile = JsonNode.Parse("""{ "parameters": { "environmentName": { "value": "${AZURE_ENV_NAME}" } } }""")!.AsObject();

        var problems = DeploymentTemplateChecker.CheckParametersFile(
            compiled.Template(), parametersFile, new Dictionary<string, string> { ["location"] = "AZURE_LOCATION" });

        Assert.Contains(problems, p => p.Contains("'location' has no default", StringComparison.Ordinal));
        Assert.Contains(problems, p => p.Contains("${AZURE_LOCATION}", StringComparison.Ordinal));
    }
}
