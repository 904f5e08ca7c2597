using Microsoft.Extensions.Configuration;
using Nmo.Azurite;
using Nmo.Core.Storage;
using Nmo.Infrastructure.Storage;
using Xunit;

namespace Nmo.Testing;

/// <summary>
/// One Azurite of the test's own on free ports, started by the same launcher <c>nmo serve</c> uses: as an xunit
/// class fixture (its data in a temporary folder, removed afterwards), or inside another fixture.
/// </summary>
public sealed class AzuriteFixture : IAsyncLifetime
{
    private readonly bool inMemory;
    private readonly bool restartIfExited;
    private readonly string? dataDirectory;
    private AzuriteInstance? instance;

    public AzuriteFixture()
        : this(inMemory: false)
    {
    }

    private AzuriteFixture(bool inMemory, bool restartIfExited = false)
    {
        this.inMemory = inMemory;
        this.restartIfExited = restartIfExited;
        dataDirectory = inMemory ? null : Path.Combine(Path.GetTempPath(), "nmo-tests-azurite-" + Guid.NewGuid().ToString("N"));
    }

    /// <summary>An Azurite keeping its data in memory (xunit allows a class fixture one public constructor only).</summary>
    public static AzuriteFixture InMemory() => new(inMemory: true);

    /// <summary>An Azurite on disk that is started again when it dies, as <c>nmo serve</c> keeps its own.</summary>
    public static AzuriteFixture Restarting() => new(inMemory: false, restartIfExited: true);

    /// <summary>Kills the Azurite process at once, as a crash would (no graceful shutdown, nothing saved).</summary>
    public void Kill()
    {
        using var process = System.Diagnostics.Process.GetProcessById(Instance.ProcessId ?? throw new InvalidOperationException("Not an Azurite of ours."));
        process.Kill(entireProcessTree: true);
        process.WaitForExit();
    }

    public AzuriteInstance Instance => instance ?? throw new InvalidOperationException("Azurite is not started.");

    public string ConnectionString => Instance.ConnectionString;

    /// <summary>Storage clients made the way the app makes them, without the app's client options (no injected faults).</summary>
    public StorageClients Clients() => ClientsFor(ConnectionString);

    /// <summary>Storage clients for any connection string (a launcher test's own Azurite).</summary>
    public static StorageClients ClientsFor(string connectionString) =>
        new(new ConfigurationBuilder()
            .AddInMemoryCollection(new Dictionary<string, string?> { [StorageNames.Connection] = connectionString })
            .Build());

    public async Task InitializeAsync() =>
        instance = await AzuriteLauncher.StartAsync(new AzuriteStartOptions { DataDirectory = dataDirectory, RestartIfExited = restartIfExited }, CancellationToken.None);

    public async Task DisposeAsync()
    {
        if (instance is not null)
        {
            await instance.DisposeAsync();
        }

        if (!inMemory && Directory.Exists(dataDirectory))
        {
            Directory.Delete(dataDirectory, recursive: true);
        }
    }
}
