using Microsoft.AspNetCore.Builder;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Nmo.Core.Storage;
using Nmo.Infrastructure.Storage;
using Nmo.LocalHost.Tests.Samples;
using Nmo.Testing;

namespace Nmo.LocalHost.Tests;

/// <summary>One Azurite (free ports, in memory) and one local host serving the sample functions, per test class.</summary>
public sealed class LocalHostFixture : IAsyncLifetime
{
    public const long MaxRequestBodySize = 1024 * 1024;

    private TestHost? host;

    public AzuriteFixture Azurite { get; } = AzuriteFixture.InMemory();

    public TestHost Host => host ?? throw new InvalidOperationException("The host is not started.");

    public LogCapture Logs { get; } = new();

    public HttpClient Http => Host.Http;

    public string Address => Host.Address;

    /// <summary>The test's own storage clients, made the way the app makes them.</summary>
    public StorageClients Storage => Host.Storage;

    public SampleRecorder Recorder => Host.Services.GetRequiredService<SampleRecorder>();

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

    /// <summary>The settings of a sample host: its storage and the queue its text function reads.</summary>
    public static IConfiguration Settings(string connectionString, string textQueue) =>
        new ConfigurationBuilder().AddInMemoryCollection(new Dictionary<string, string?>
        {
            [StorageNames.Connection] = connectionString,
            [SampleQueueFunctions.TextQueueSetting] = textQueue,
        }).Build();

    /// <summary>A host of the sample functions (not started) whose logs go to <paramref name="logs"/>.</summary>
    public static WebApplication BuildHost(IConfiguration settings, LogCapture logs, Action<IServiceCollection>? services = null) =>
        LocalFunctionHost.Build(new LocalHostOptions
        {
            FunctionsAssembly = typeof(SampleQueueFunctions).Assembly,
            TypeFilter = t => t.Namespace == typeof(SampleQueueFunctions).Namespace,
            Port = 0,
            Configuration = settings,
            ConfigureServices = (collection, configuration) =>
            {
                collection.AddSingleton<SampleRecorder>();
                collection.AddSingleton(_ => new StorageClients(configuration));
                services?.Invoke(collection);
            },
            Queues = FastQueues,

            // The samples keep the Functions host's default prefix; the app's host.json serves the console at the root.
            HostJsonPath = Path.Combine(AppContext.BaseDirectory, "Samples", "host.json"),
            MaxRequestBodySize = MaxRequestBodySize,
            ConfigureLogging = logs.CaptureAll,
        });

    public async Task InitializeAsync()
    {
        await Azurite.InitializeAsync();
        var settings = Settings(Azurite.ConnectionString, "text-samples");
        host = await TestHost.StartAsync(BuildHost(settings, Logs), settings);

        // The listener creates its queues in the background; tests may send before it gets there.
        await Storage.Queue(SampleQueueFunctions.Queue).CreateIfNotExistsAsync();
        await Storage.Queue(StorageNames.Queues.Poison(SampleQueueFunctions.Queue)).CreateIfNotExistsAsync();
    }

    public async Task DisposeAsync()
    {
        if (host is not null)
        {
            await host.DisposeAsync();
        }

        await Azurite.DisposeAsync();
    }
}
