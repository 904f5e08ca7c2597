using Xunit.Abstractions;

namespace Nmo.Deployment.Tests.Bicep;

[Collection(CompiledTemplateCollection.Name)]
public sealed class BicepBuildTests(CompiledTemplateFixture compiled, ITestOutputHelper output)
{
    [Fact]
    public void The_bicep_cli_in_use_runs_and_says_where_it_came_from()
    {
        output.WriteLine("Bicep CLI: " + BicepCli.Source);
        var version = BicepCli.Run("--version");

        Assert.True(version.ExitCode == 0, $"{BicepCli.Source} did not run:\n{version.Errors}");
        Assert.Contains("Bicep CLI version", version.Output, StringComparison.Ordinal);
    }

    [Fact]
    public void Main_template_builds_without_warnings()
    {
        Assert.True(compiled.Build.ExitCode == 0, $"bicep build failed ({BicepCli.Source}):\n" + compiled.Build.Errors + compiled.Build.Output);
        Assert.Empty(compiled.Build.Diagnostics);
    }

    [Fact]
    public void Main_template_lints_clean()
    {
        Assert.True(compiled.Lint.ExitCode == 0, $"bicep lint failed ({BicepCli.Source}):\n" + compiled.Lint.Errors + compiled.Lint.Output);
        Assert.Empty(compiled.Lint.Diagnostics);
    }

    [Fact]
    public void Lint_catches_a_broken_copy_with_the_repository_configuration()
    {
        // Proves the lint test above can fail: the same files and bicepconfig.json, plus an unused parameter.
        var copy = Directory.CreateTempSubdirectory("nmo-bicep-lint-").FullName;
        try
        {
            TestFiles.CopyDirectory(RepositoryPaths.Infra, copy);
            var main = Path.Combine(copy, "main.bicep");
            File.AppendAllText(main, "\n@description('Never used.')\nparam forgotten string = 'x'\n");

            var lint = BicepCli.Run("lint", main);

            Assert.NotEqual(0, lint.ExitCode);
            Assert.Contains(lint.Diagnostics, d => d.Contains("no-unused-params", StringComparison.Ordinal));
        }
        finally
        {
            Directory.Delete(copy, recursive: true);
        }
    }
}
