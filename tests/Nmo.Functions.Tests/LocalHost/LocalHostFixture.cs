using Microsoft.AspNetCore.Builder;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;
using Nmo.Cli.Azurite;
using Nmo.Cli.Hosting;
using Nmo.Core.Storage;
using Nmo.Functions.Tests.LocalHost.Samples;
using Nmo.Infrastructure.Storage;

namespace Nmo.Functions.Tests.LocalHost;

/// <summary>One Azurite (free ports, in memory) and one local host serving the sample functions, per test class.</summary>
public sealed class LocalHostFixture : IAsyncLifetime
{
    public const long MaxRequestBodySize = 1024 * 1024;

    public AzuriteInstance Azurite { get; private set; } = null!;

    public WebApplication App { get; private set; } = null!;

    public LogCapture Logs { get; } = new();

    public HttpClient Http { get; private set; } = null!;

    public string Address { get; private set; } = null!;

    /// <summary>The test's own storage clients, made the way the app makes them.</summary>
    public StorageClients Storage { get; private set; } = null!;

    public SampleRecorder Recorder => App.Services.GetRequiredService<SampleRecorder>();

    /// <summary>host.json's semantics with short delays, so retries and poisoning take seconds.</summary>
    public static QueueHostOptions FastQueues { get; } = new()
    {
        BatchSize = 16,
        NewBatchThreshold = 8,
        MaxPollingInterval = TimeSpan.FromMilliseconds(200),
        VisibilityTimeout = TimeSpan.FromMilliseconds(200),
        MaxDequeueCount = StorageNames.MaxDequeueCount,
        Lease = TimeSpan.FromSeconds(4),
    };

    public static WebApplication BuildHost(AzuriteInstance azurite, LogCapture logs, string textQueue) =>
        LocalFunctionHost.Build(new LocalHostOptions
        {
            FunctionsAssembly = typeof(SampleQueueFunctions).Assembly,
            TypeFilter = t => t.Namespace == typeof(SampleQueueFunctions).Namespace,
            Port = 0,
            Settings = new Dictionary<string, string?>
            {
                [StorageNames.Connection] = azurite.ConnectionString,
                [SampleQueueFunctions.TextQueueSetting] = textQueue,
            },
            ConfigureServices = (services, configuration) =>
            {
                services.AddSingleton<SampleRecorder>();
                services.AddSingleton(_ => new StorageClients(configuration));
            },
            Queues = FastQueues,
            MaxRequestBodySize = MaxRequestBodySize,
            ConfigureLogging = logging =>
            {
                logging.ClearProviders();
                logging.AddProvider(logs);
                logging.SetMinimumLevel(LogLevel.Information);
            },
        });

    public static StorageClients ClientsFor(AzuriteInstance azurite) =>
        new(new ConfigurationBuilder()
            .AddInMemoryCollection(new Dictionary<string, string?> { [StorageNames.Connection] = azurite.ConnectionString })
            .Build());

    public async Task InitializeAsync()
    {
        Azurite = await AzuriteLauncher.StartAsync(new AzuriteStartOptions(), CancellationToken.None);
        Storage = ClientsFor(Azurite);
        App = BuildHost(Azurite, Logs, "text-samples");
        await App.StartAsync();

        // The listener creates its queues in the background; tests may send before it gets there.
        await Storage.Queue(SampleQueueFunctions.Queue).CreateIfNotExistsAsync();
        await Storage.Queue(SampleQueueFunctions.Queue + "-poison").CreateIfNotExistsAsync();
        Address = LocalFunctionHost.GetAddress(App);
        Http = new HttpClient { BaseAddress = new Uri(Address) };
    }

    public async Task DisposeAsync()
    {
        Http?.Dispose();
        if (App is not null)
        {
            await App.StopAsync();
            await App.DisposeAsync();
        }

        if (Azurite is not null)
        {
            await Azurite.DisposeAsync();
        }
    }
}
