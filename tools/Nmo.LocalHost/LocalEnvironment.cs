using System.Security.Cryptography;
using System.Text.Json;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Nmo.Azurite;
using Nmo.Core.Configuration;
using Nmo.Core.Credentials;
using Nmo.Core.Storage;
using Nmo.Functions.Composition;
using Nmo.Infrastructure.Storage;

namespace Nmo.LocalHost;

/// <summary>
/// What every <c>nmo</c> verb runs in: appsettings.json, local.settings.json Values and environment variables, as
/// the contract says, and the pipeline's services composed from them by <c>AddNmoFunctions</c>. With no storage
/// configured, the embedded default: Azurite on the emulator's ports, reused when one listens there, else started
/// from the repository's pinned package with its data under .nmo/azurite.
/// </summary>
public sealed class LocalEnvironment : IAsyncDisposable
{
    private AzuriteInstance? azurite;
    private ServiceProvider? services;

    private LocalEnvironment(IConfiguration configuration, Dictionary<string, string?> overrides)
    {
        Configuration = configuration;
        Overrides = overrides;
    }

    public IConfiguration Configuration { get; private set; }

    /// <summary>Settings decided by the CLI (embedded storage, a development hash key) on top of the user's configuration.</summary>
    public Dictionary<string, string?> Overrides { get; }

    public string WorkDirectory => Path.Combine(Directory.GetCurrentDirectory(), ".nmo");

    /// <summary>
    /// The pipeline's services for verbs that run no host, composed by <c>AddNmoFunctions</c> over
    /// <see cref="Configuration"/> as Program.cs composes them (built on first use).
    /// </summary>
    public IServiceProvider Services => services ??= new ServiceCollection()
        .AddLogging()
        .AddSingleton(Configuration)
        .AddNmoFunctions(Configuration)
        .BuildServiceProvider();

    /// <param name="keepStorageRunning">
    /// An Azurite started here is started again (same ports, same data) when it dies: <c>nmo serve</c> runs for
    /// hours. One that was already listening, or storage named by a connection string, is never touched.
    /// </param>
    public static async Task<LocalEnvironment> CreateAsync(CancellationToken cancellationToken, Action<string>? say = null, bool keepStorageRunning = false)
    {
        var user = Load(new Dictionary<string, string?>());
        var environment = new LocalEnvironment(user, []);
        if (string.IsNullOrWhiteSpace(user[StorageNames.Connection]) && user.GetSection(StorageNames.Connection).GetChildren().All(c => c.Value is null))
        {
            environment.azurite = await AzuriteLauncher.ReuseOrStartDefaultAsync(
                Path.Combine(environment.WorkDirectory, "azurite"), cancellationToken, restartIfExited: keepStorageRunning, log: say);
            environment.Overrides[StorageNames.Connection] = environment.azurite.ConnectionString;
            say?.Invoke(environment.azurite.Owned
                ? $"Started Azurite (data in {environment.azurite.DataDirectory})."
                : "Using the Azurite already listening on 127.0.0.1:10000-10002.");

            // Local development only: a random key kept beside the local data, never a key written in code.
            if (string.IsNullOrWhiteSpace(user[SettingNames.CodeHashKey]))
            {
                environment.Overrides[SettingNames.CodeHashKey] = DevelopmentHashKey(environment.WorkDirectory);
            }

            if (string.IsNullOrWhiteSpace(user[SettingNames.CredentialSigningKeys]))
            {
                environment.Overrides[SettingNames.CredentialSigningKeys] = DevelopmentSigningKeys(environment.WorkDirectory);
            }
        }

        environment.Configuration = Load(environment.Overrides);
        return environment;
    }

    /// <summary>Creates the queues, tables and containers when they are missing (Bicep does this in Azure).</summary>
    public async Task<StorageClients> PrepareStorageAsync(CancellationToken cancellationToken)
    {
        var clients = Services.GetRequiredService<StorageClients>();
        await clients.EnsureCreatedAsync(cancellationToken);
        return clients;
    }

    public async ValueTask DisposeAsync()
    {
        if (services is not null)
        {
            await services.DisposeAsync();
        }

        if (azurite is not null)
        {
            await azurite.DisposeAsync();
        }
    }

    public static IConfiguration Load(IReadOnlyDictionary<string, string?> overrides)
    {
        var builder = new ConfigurationBuilder()
            .SetBasePath(Directory.GetCurrentDirectory())
            .AddJsonFile("appsettings.json", optional: true);
        var localSettings = Path.Combine(Directory.GetCurrentDirectory(), "local.settings.json");
        if (File.Exists(localSettings))
        {
            builder.AddInMemoryCollection(ReadLocalSettingsValues(localSettings));
        }

        return builder.AddEnvironmentVariables().AddInMemoryCollection(overrides).Build();
    }

    /// <summary>local.settings.json keeps settings under "Values" with <c>__</c> separators, as the Functions host reads them.</summary>
    private static IEnumerable<KeyValuePair<string, string?>> ReadLocalSettingsValues(string path)
    {
        using var document = JsonDocument.Parse(File.ReadAllText(path));
        if (!document.RootElement.TryGetProperty("Values", out var values))
        {
            yield break;
        }

        foreach (var property in values.EnumerateObject())
        {
            yield return new(property.Name.Replace("__", ":", StringComparison.Ordinal), property.Value.ToString());
        }
    }

    /// <summary>Where <c>nmo serve</c> keeps its credential signing keys (PEM, newest first) when none is configured.</summary>
    public static string DevelopmentSigningKeysPath(string workDirectory) => Path.Combine(workDirectory, "dev-signing-keys.pem");

    /// <summary>
    /// Puts a new signing key in front of the local ones (<c>nmo keys rotate-signing</c>): it signs from the next
    /// start on, and the old ones stay published so credentials they signed still verify.
    /// </summary>
    /// <returns>The keys now kept, newest first.</returns>
    public static SigningKeyRing RotateDevelopmentSigningKeys(string workDirectory)
    {
        var path = DevelopmentSigningKeysPath(workDirectory);
        var rotated = SigningKeyRing.Rotate(File.Exists(path) ? File.ReadAllText(path) : null);
        WriteSecret(path, rotated);
        return SigningKeyRing.FromSetting(rotated);
    }

    private static string DevelopmentSigningKeys(string workDirectory)
    {
        var path = DevelopmentSigningKeysPath(workDirectory);
        if (!File.Exists(path))
        {
            WriteSecret(path, SigningKeyRing.NewKeyPem());
        }

        return File.ReadAllText(path);
    }

    private static void WriteSecret(string path, string value)
    {
        Directory.CreateDirectory(Path.GetDirectoryName(path)!);
        File.WriteAllText(path, value);
        if (!OperatingSystem.IsWindows())
        {
            File.SetUnixFileMode(path, UnixFileMode.UserRead | UnixFileMode.UserWrite);
        }
    }

    private static string DevelopmentHashKey(string workDirectory)
    {
        var path = Path.Combine(workDirectory, "dev-code-key.txt");
        if (File.Exists(path))
        {
            return File.ReadAllText(path).Trim();
        }

        Directory.CreateDirectory(workDirectory);
        var key = Convert.ToBase64String(RandomNumberGenerator.GetBytes(32));
        File.WriteAllText(path, key);
        return key;
    }
}
