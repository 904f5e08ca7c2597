using System.Text.Json.Nodes;

namespace Nmo.Deployment.Tests.Bicep;

/// <summary>
/// Builds and lints infra/main.bicep once for every test that needs the result (a build takes about a second,
/// and the machine is shared), into a temporary directory so the checkout stays clean.
/// </summary>
public sealed class CompiledTemplateFixture : IDisposable
{
    private readonly string outputDirectory = Directory.CreateTempSubdirectory("nmo-bicep-").FullName;

    public CompiledTemplateFixture()
    {
        MainBicep = Path.Combine(RepositoryPaths.Infra, "main.bicep");
        var outputFile = Path.Combine(outputDirectory, "main.json");
        Build = BicepCli.Run("build", MainBicep, "--outfile", outputFile);
        Lint = BicepCli.Run("lint", MainBicep);
        CompiledJson = File.Exists(outputFile) ? File.ReadAllText(outputFile) : null;
    }

    public string MainBicep { get; }

    public BicepResult Build { get; }

    public BicepResult Lint { get; }

    /// <summary>The ARM JSON, or null when the build failed (the build test then says why).</summary>
    public string? CompiledJson { get; }

    /// <summary>A fresh, independent copy of the compiled template that a test may change.</summary>
    public JsonObject Template() =>
        JsonNode.Parse(CompiledJson ?? throw new InvalidOperationException("bicep build failed:\n" + Build.Errors))!.AsObject();

    public void Dispose() => Directory.Delete(outputDirectory, recursive: true);
}

[CollectionDefinition(Name)]
public sealed class CompiledTemplateCollection : ICollectionFixture<CompiledTemplateFixture>
{
    public const string Name = "Compiled Bicep template";
}
