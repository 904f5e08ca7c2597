using Microsoft.AspNetCore.Builder;
using Microsoft.Extensions.Configuration;
using Nmo.Infrastructure.Storage;
using Nmo.LocalHost;

namespace Nmo.Testing;

/// <summary>
/// A local function host started for a test (built by <see cref="LocalFunctionHost"/> or <see cref="NmoLocalHost"/>):
/// an HTTP client on its address, its services, and the storage it works on through clients of the test's own.
/// </summary>
public sealed class TestHost : IAsyncDisposable
{
    private readonly WebApplication app;
    private int disposed;

    private TestHost(WebApplication app, IConfiguration configuration)
    {
        this.app = app;
        Configuration = configuration;
        Storage = new StorageClients(configuration);
        Address = LocalFunctionHost.GetAddress(app);
        Http = new HttpClient { BaseAddress = new Uri(Address), Timeout = TimeSpan.FromMinutes(3) };
    }

    /// <summary>The bound address, e.g. <c>http://127.0.0.1:PORT</c>.</summary>
    public string Address { get; }

    public HttpClient Http { get; }

    public IServiceProvider Services => app.Services;

    /// <summary>The settings the test gave the host (usable after the host is gone, unlike the host's own).</summary>
    public IConfiguration Configuration { get; }

    /// <summary>The host's storage, through clients without the app's client options (no injected faults).</summary>
    public StorageClients Storage { get; }

    public QueueDrain Queues => new(Storage);

    /// <summary>Starts <paramref name="app"/>; disposing the returned host stops and disposes it.</summary>
    /// <param name="configuration">The settings the host was built with (its storage connection among them).</param>
    public static async Task<TestHost> StartAsync(WebApplication app, IConfiguration configuration)
    {
        ArgumentNullException.ThrowIfNull(app);
        ArgumentNullException.ThrowIfNull(configuration);
        await app.StartAsync();
        return new TestHost(app, configuration);
    }

    /// <summary>Stops gracefully: polling ends, running functions finish and settle their messages.</summary>
    public Task StopAsync() => app.StopAsync();

    /// <summary>
    /// Stops as a host whose shutdown time ran out: running functions are cancelled where they are, not finished.
    /// Disposing afterwards is harmless.
    /// </summary>
    public async Task AbortAsync()
    {
        using var expired = new CancellationTokenSource();
        await expired.CancelAsync();
        try
        {
            await app.StopAsync(expired.Token);
        }
        catch (OperationCanceledException)
        {
            // The shutdown gave up waiting, which is the point.
        }
    }

    public async ValueTask DisposeAsync()
    {
        if (Interlocked.Exchange(ref disposed, 1) == 1)
        {
            return;
        }

        Http.Dispose();
        await app.StopAsync();
        await app.DisposeAsync();
    }
}
