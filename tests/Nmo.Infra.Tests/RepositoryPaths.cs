namespace Nmo.Infra.Tests;

/// <summary>Finds the repository and the shared schemas from wherever the test assembly runs.</summary>
public static class RepositoryPaths
{
    public const string SolutionFile = "NmoFunctions.sln";

    /// <summary>The checkout's top directory (the one holding <see cref="SolutionFile"/>).</summary>
    public static string Root { get; } = FindRoot();

    public static string Infra => Path.Combine(Root, "infra");

    public static string AzureYaml => Path.Combine(Root, "azure.yaml");

    /// <summary>
    /// azd's schema for azure.yaml. CI clones the repository with shared/ beside it, a developer's worktree may
    /// sit deeper, so every directory above the test's output is tried.
    /// </summary>
    public static string AzureYamlSchema()
    {
        var relative = Path.Combine("shared", "schemas", "azure.yaml.json");
        for (var dir = new DirectoryInfo(AppContext.BaseDirectory); dir is not null; dir = dir.Parent)
        {
            var candidate = Path.Combine(dir.FullName, relative);
            if (File.Exists(candidate))
            {
                return candidate;
            }
        }

        throw new FileNotFoundException(
            $"No {relative} in any directory above {AppContext.BaseDirectory}; CI places shared/ beside the repository.");
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
