using System.Net.Http.Json;
using System.Text.Json.Nodes;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;
using Nmo.Core.Access;
using Nmo.Infrastructure.Storage;
using Nmo.LocalHost;

namespace Nmo.Testing;

/// <summary>
/// The real function classes on Kestrel and Azurite queues, composed by <c>AddNmoFunctions</c> as in Azure
/// (<see cref="NmoLocalHost"/>), with e-mail captured in a temporary outbox (or sent to a loopback SendGrid when
/// settings say so), and the steps every pipeline test takes: a provider, polling an upload.
/// </summary>
public sealed class PipelineHost : IAsyncDisposable
{
    /// <summary>host.json's queue semantics with short waits, so retries take a second, not minutes.</summary>
    public static QueueHostOptions FastQueues { get; } = new()
    {
        MaxPollingInterval = TimeSpan.FromMilliseconds(100),
        VisibilityTimeout = TimeSpan.FromSeconds(1),
    };

    private readonly TestHost host;

    private PipelineHost(TestHost host, string outbox, DevelopmentIssuer? issuer)
    {
        this.host = host;
        OutboxDirectory = outbox;
        Issuer = issuer;
    }

    /// <summary>The development token issuer the host trusts, when the test gave one (<see cref="NmoLocalHostOptions.DevelopmentIssuer"/>).</summary>
    public DevelopmentIssuer? Issuer { get; }

    public HttpClient Http => host.Http;

    public string OutboxDirectory { get; }

    public IConfiguration Configuration => host.Configuration;

    public IServiceProvider Services => host.Services;

    /// <summary>The host's storage through the test's own clients (no injected faults).</summary>
    public StorageClients Storage => host.Storage;

    public QueueDrain Queues => host.Queues;

    /// <param name="settings">Settings over the test defaults (<see cref="PipelineSettings"/>).</param>
    /// <param name="services">Services registered before the app's, which then keep them (fakes, fault injection).</param>
    /// <param name="tweak">Host options: queue timings (default <see cref="FastQueues"/>), queue triggers off.</param>
    public static async Task<PipelineHost> StartAsync(
        AzuriteFixture azurite,
        IDictionary<string, string?>? settings = null,
        Action<IServiceCollection>? services = null,
        Action<NmoLocalHostOptions>? tweak = null)
    {
        var (configuration, outbox) = await PipelineSettings.PrepareAsync(azurite, settings);
        DevelopmentIssuer? issuer = null;
        var app = NmoLocalHost.Build(configuration, 0, o =>
        {
            o.ExtraServices = services;
            o.Queues = FastQueues;
            o.ConfigureLogging = l => l.AddFilter<Microsoft.Extensions.Logging.Console.ConsoleLoggerProvider>(level => level >= LogLevel.Warning);
            tweak?.Invoke(o);
            issuer = o.DevelopmentIssuer;
        });
        return new PipelineHost(await TestHost.StartAsync(app, configuration), outbox, issuer);
    }

    /// <summary>A new provider and a client with its key set (made by <see cref="ClientFor"/>).</summary>
    public async Task<(string ProviderId, HttpClient Client)> NewProviderAsync(string name = "Провайдер")
    {
        using var request = new HttpRequestMessage(HttpMethod.Post, "api/admin/providers") { Content = JsonContent.Create(new { name }) };
        if (Issuer is not null)
        {
            request.Headers.Authorization = new("Bearer", Issuer.CreateToken([AccessRoles.Operator]));
        }

        var response = await Http.SendAsync(request);
        response.EnsureSuccessStatusCode();
        var body = JsonNode.Parse(await response.Content.ReadAsStringAsync())!;
        return (body["providerId"]!.GetValue<string>(), ClientFor(body["apiKey"]!.GetValue<string>()));
    }

    /// <summary>A client whose requests carry a token of <see cref="Issuer"/> with <paramref name="roles"/>.</summary>
    public HttpClient ClientWithRoles(params string[] roles)
    {
        var token = (Issuer ?? throw new InvalidOperationException("The host has no development issuer.")).CreateToken(roles);
        var client = new HttpClient { BaseAddress = Http.BaseAddress, Timeout = Http.Timeout };
        client.DefaultRequestHeaders.Authorization = new("Bearer", token);
        return client;
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

    /// <inheritdoc cref="TestHost.AbortAsync"/>
    public Task AbortAsync() => host.AbortAsync();

    public async ValueTask DisposeAsync()
    {
        await host.DisposeAsync();
        if (Directory.Exists(OutboxDirectory))
        {
            Directory.Delete(OutboxDirectory, recursive: true);
        }
    }
}
