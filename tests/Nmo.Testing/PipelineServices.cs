using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;
using Nmo.Functions.Composition;

namespace Nmo.Testing;

/// <summary>
/// The pipeline's services on an Azurite without a host, composed by <c>AddNmoFunctions</c> over the same test
/// settings as <see cref="PipelineHost"/>: for tests that call core services and stores directly.
/// </summary>
public sealed class PipelineServices : IAsyncDisposable
{
    private readonly ServiceProvider provider;

    private PipelineServices(ServiceProvider provider, IConfiguration configuration)
    {
        this.provider = provider;
        Configuration = configuration;
    }

    public IServiceProvider Services => provider;

    public IConfiguration Configuration { get; }

    /// <param name="settings">Settings over the test defaults (<see cref="PipelineSettings"/>).</param>
    /// <param name="services">Services registered before the app's, which then keep them (a clock).</param>
    /// <param name="replace">Changes after the app's registrations (a sender that records instead of sending).</param>
    public static async Task<PipelineServices> StartAsync(
        AzuriteFixture azurite,
        IDictionary<string, string?>? settings = null,
        Action<IServiceCollection>? services = null,
        Action<IServiceCollection>? replace = null)
    {
        var (configuration, _) = await PipelineSettings.PrepareAsync(azurite, settings);
        var collection = new ServiceCollection()
            .AddLogging(l => l.SetMinimumLevel(LogLevel.Warning))
            .AddSingleton<IConfiguration>(configuration);
        services?.Invoke(collection);
        collection.AddNmoFunctions(configuration);
        replace?.Invoke(collection);
        return new PipelineServices(collection.BuildServiceProvider(), configuration);
    }

    public T Get<T>()
        where T : notnull => provider.GetRequiredService<T>();

    public ValueTask DisposeAsync() => provider.DisposeAsync();
}
