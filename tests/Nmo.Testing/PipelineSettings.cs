using Microsoft.Extensions.Configuration;
using Nmo.Core.Configuration;
using Nmo.Core.Credentials;
using Nmo.Core.Storage;
using Nmo.Infrastructure.Storage;

namespace Nmo.Testing;

/// <summary>
/// The pipeline's settings for a test on an Azurite: its storage, a code-hash key of its own, e-mail into a fresh
/// temporary outbox (unless the settings send it to a loopback SendGrid), and the test's own settings over these.
/// </summary>
public static class PipelineSettings
{
    /// <summary>Where the test pipeline's certificates say they can be checked.</summary>
    public const string PublicBaseUrl = "https://nmo.example";

    public static async Task<(IConfiguration Configuration, string Outbox)> PrepareAsync(AzuriteFixture azurite, IDictionary<string, string?>? settings)
    {
        ArgumentNullException.ThrowIfNull(azurite);
        var outbox = Path.Combine(Path.GetTempPath(), "nmo-tests-outbox-" + Guid.NewGuid().ToString("N"));
        var values = new Dictionary<string, string?>
        {
            [StorageNames.Connection] = azurite.ConnectionString,
            [SettingNames.CodeHashKey] = "tests-" + Guid.NewGuid().ToString("N"),
            [SettingNames.EmailOutboxDirectory] = outbox,
            [SettingNames.PublicBaseUrl] = PublicBaseUrl,
            [SettingNames.CredentialSigningKeys] = SigningKeyRing.NewKeyPem(),
        };
        foreach (var (key, value) in settings ?? new Dictionary<string, string?>())
        {
            values[key] = value;
        }

        var configuration = new ConfigurationBuilder().AddInMemoryCollection(values).Build();

        // Bicep creates these in Azure; here they are made before anything runs, as `nmo serve` does.
        await new StorageClients(configuration).EnsureCreatedAsync(CancellationToken.None);
        return (configuration, outbox);
    }
}
