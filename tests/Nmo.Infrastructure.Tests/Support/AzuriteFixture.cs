using Nmo.Cli.Azurite;

namespace Nmo.Infrastructure.Tests.Support;

/// <summary>One Azurite per test class, on free ports, started by the same launcher <c>nmo serve</c> uses.</summary>
public sealed class AzuriteFixture : IAsyncLifetime
{
    private AzuriteInstance? instance;

    public string ConnectionString => instance?.ConnectionString ?? throw new InvalidOperationException("Azurite is not started.");

    public async Task InitializeAsync() =>
        instance = await AzuriteLauncher.StartAsync(
            new AzuriteStartOptions { DataDirectory = Path.Combine(Path.GetTempPath(), "nmo-tests-azurite-" + Guid.NewGuid().ToString("N")) },
            CancellationToken.None);

    public async Task DisposeAsync()
    {
        if (instance is not null)
        {
            await instance.DisposeAsync();
        }
    }
}
