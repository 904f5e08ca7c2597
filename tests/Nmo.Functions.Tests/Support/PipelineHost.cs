using System.Net.Http.Json;
using System.Text.Json.Nodes;
using Microsoft.AspNetCore.Builder;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;
using Nmo.Cli.Hosting;
using Nmo.Cli.Local;
using Nmo.Core.Configuration;
using Nmo.Core.Storage;
using Nmo.Infrastructure.Storage;

namespace Nmo.Functions.Tests.Support;

/// <summary>
/// The real function classes on Kestrel and Azurite queues, composed by <c>AddNmoFunctions</c> as in Azure, with
/// e-mail captured in a temporary outbox (or sent to a loopback SendGrid when settings say so).
/// </summary>
public sealed class PipelineHost : IAsyncDisposable
{
    private readonly WebApplication app;

    private PipelineHost(WebApplication app, HttpClient http, string outbox, IConfiguration configuration)
    {
        this.app = app;
        Http = http;
        OutboxDirectory = outbox;
        Configuration = configuration;
    }

    public HttpClient Http { get; }

    public string OutboxDirectory { get; }

    public IConfiguration Configuration { get; }

    public IServiceProvider Services => app.Services;

    public static async Task<PipelineHost> StartAsync(
        AzuriteFixture azurite,
        IDictionary<string, string?>? settings = null,
        Action<IServiceCollection>? services = null,
        Action<NmoLocalHost.LocalHostOptionsBuilder>? tweak = null)
    {
        var outbox = Path.Combine(Path.GetTempPath(), "nmo-tests-outbox-" + Guid.NewGuid().ToString("N"));
        var values = new Dictionary<string, string?>
        {
            [StorageNames.Connection] = azurite.ConnectionString,
            [SettingNames.CodeHashKey] = "tests-" + Guid.NewGuid().ToString("N"),
            [SettingNames.EmailOutboxDirectory] = outbox,
        };
        foreach (var (key, value) in settings ?? new Dictionary<string, string?>())
        {
            values[key] = value;
        }

        var configuration = new ConfigurationBuilder().AddInMemoryCollection(values).Build();
        await new StorageClients(configuration).EnsureCreatedAsync(CancellationToken.None);
        var app = NmoLocalHost.Build(configuration, 0, o =>
        {
            o.ExtraServices = services;
            o.Queues = new QueueHostOptions { MaxPollingInterval = TimeSpan.FromMilliseconds(100), VisibilityTimeout = TimeSpan.FromSeconds(1) };
            o.ConfigureLogging = l => l.AddFilter<Microsoft.Extensions.Logging.Console.ConsoleLoggerProvider>(level => level >= LogLevel.Warning);
            tweak?.Invoke(o);
        });
        await app.StartAsync();
        var http = new HttpClient { BaseAddress = new Uri(LocalFunctionHost.GetAddress(app)), Timeout = TimeSpan.FromMinutes(3) };
        return new PipelineHost(app, http, outbox, configuration);
    }

    /// <summary>A new provider with its key set on <see cref="Http"/>-like clients made by <see cref="ClientFor"/>.</summary>
    public async Task<(string ProviderId, HttpClient Client)> NewProviderAsync(string name = "Провайдер")
    {
        var response = await Http.PostAsJsonAsync("api/admin/providers", new { name });
        response.EnsureSuccessStatusCode();
        var body = JsonNode.Parse(await response.Content.ReadAsStringAsync())!;
        return (body["providerId"]!.GetValue<string>(), ClientFor(body["apiKey"]!.GetValue<string>()));
    }

    public HttpClient ClientFor(string apiKey)
    {
        var client = new HttpClient { BaseAddress = Http.BaseAddress, Timeout = Http.Timeout };
        client.DefaultRequestHeaders.Add("X-Api-Key", apiKey);
        return client;
    }

    public static async Task<JsonNode> JsonAsync(HttpResponseMessage response) =>
        JsonNode.Parse(await response.Content.ReadAsStringAsync()) ?? throw new InvalidOperationException("empty body");

    /// <summary>Polls the upload until it is completed and every issued certificate has an outcome.</summary>
    public static async Task<JsonNode> WaitForUploadAsync(HttpClient provider, string uploadId, TimeSpan? timeout = null)
    {
        var deadline = DateTime.UtcNow + (timeout ?? TimeSpan.FromSeconds(90));
        while (true)
        {
            var status = await JsonAsync(await provider.GetAsync($"api/uploads/{uploadId}"));
            var done = status["status"]?.GetValue<string>() is "completed" or "failed" &&
                status["emailed"]!.GetValue<int>() + status["emailFailed"]!.GetValue<int>() >= status["issued"]!.GetValue<int>();
            if (done)
            {
                return status;
            }

            if (DateTime.UtcNow > deadline)
            {
                throw new TimeoutException("Upload did not complete: " + status.ToJsonString());
            }

            await Task.Delay(100);
        }
    }

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
        Http.Dispose();
        await app.StopAsync();
        await app.DisposeAsync();
    }
}
