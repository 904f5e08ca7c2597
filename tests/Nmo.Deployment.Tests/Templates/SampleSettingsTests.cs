using System.Text.Json;
using Nmo.Core.Codes;
using Nmo.Core.Configuration;

namespace Nmo.Deployment.Tests.Templates;

/// <summary>A copied sample must never become a real deployment's code key: everyone can read the repository.</summary>
public sealed class SampleSettingsTests
{
    [Fact]
    public void The_code_key_in_local_settings_sample_is_refused_by_the_app()
    {
        using var sample = JsonDocument.Parse(File.ReadAllText(Path.Combine(RepositoryPaths.Root, "local.settings.sample.json")));
        var key = sample.RootElement.GetProperty("Values").GetProperty(SettingNames.AsAppSetting(SettingNames.CodeHashKey)).GetString();

        var problem = CodeSecrets.KeyProblem(key);

        Assert.NotNull(problem);
        Assert.Contains(SettingNames.CodeHashKey, problem, StringComparison.Ordinal);
    }
}
