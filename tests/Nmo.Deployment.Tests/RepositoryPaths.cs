namespace Nmo.Deployment.Tests;

/// <summary>Finds the repository and the vendored schema from wherever the test assembly runs.</summary>
public static class RepositoryPaths
{
    public const string SolutionFile = "NmoFunctions.sln";

    /// <summary>The checkout's top directory (the one holding <see cref="SolutionFile"/>).</summary>
    public static string Root { get; } = FindRoot();

    public static string Infra => Path.Combine(Root, "infra");

    public static string AzureYaml => Path.Combine(Root, "azure.yaml");

    /// <summary>
    /// azd's schema for azure.yaml, vendored beside the tests that use it (see Azd/Schema/README.md for its source and
    /// licence) and copied to the test output, so the checks need nothing outside the clone.
    /// </summary>
    public static string AzureYamlSchema()
    {
        var path = Path.Combine(AppContext.BaseDirectory, "Azd", "Schema", "azure.yaml.json");
        return File.Exists(path)
            ? path
            : throw new FileNotFoundException($"The vendored azd schema is not in the test output ({path}); is Azd/Schema/azure.yaml.json in the project?", path);
    }

    private static string FindRoot()
    {
        for (var dir = new DirectoryInfo(AppContext.BaseDirectory); dir is not null; dir = dir.Parent)
        {
            if (File.Exists(Path.Combine(dir.FullName, SolutionFile)))
            {
                return dir.FullName;
            }
        }

        throw new DirectoryNotFoundException($"No {SolutionFile} above {AppContext.BaseDirectory}.");
    }
}
