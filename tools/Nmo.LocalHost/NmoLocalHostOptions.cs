using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;
using Nmo.Functions.Composition;
using Nmo.Functions.Queues;

namespace Nmo.LocalHost;

/// <summary>What a caller of <see cref="NmoLocalHost.Build"/> may change; the functions and their composition are fixed.</summary>
public sealed class NmoLocalHostOptions
{
    private readonly IConfiguration configuration;
    private int port;
    private readonly IReadOnlyDictionary<string, string?> defaults;

    internal NmoLocalHostOptions(IConfiguration configuration, int port, IReadOnlyDictionary<string, string?> defaults)
    {
        this.configuration = configuration;
        this.port = port;
        this.defaults = defaults;
    }

    /// <summary>Services registered before <c>AddNmoFunctions</c>, whose <c>TryAdd</c> registrations then keep them (tests).</summary>
    public Action<IServiceCollection>? ExtraServices { get; set; }

    /// <summary>
    /// A development token issuer: the host publishes its metadata and keys and the app trusts only its tokens on the
    /// routes that require a role (<c>nmo serve --dev-auth</c>, the tests of the access checks).
    /// </summary>
    public DevelopmentIssuer? DevelopmentIssuer { get; set; }

    /// <summary>Queue trigger behaviour; <c>null</c> reads host.json.</summary>
    public QueueHostOptions? Queues { get; set; }

    public Action<ILoggingBuilder>? ConfigureLogging { get; set; }

    /// <summary>Off: HTTP only, and the queues are left for the caller to read (tests that deliver messages themselves).</summary>
    public bool EnableQueueTriggers { get; set; } = true;

    /// <summary>Off: the timer functions never run by themselves (tests that call them directly).</summary>
    public bool EnableTimerTriggers { get; set; } = true;

    internal LocalHostOptions ToHostOptions(Func<int> freePort)
    {
        // The app reads the issuer's metadata from this host, so its port must be known before it starts.
        var settings = new Dictionary<string, string?>(defaults);
        if (DevelopmentIssuer is not null)
        {
            port = port == 0 ? freePort() : port;
            foreach (var (key, value) in DevelopmentIssuer.Settings($"http://127.0.0.1:{port}"))
            {
                settings[key] = value;
            }
        }

        return ToHostOptions(settings);
    }

    private LocalHostOptions ToHostOptions(IReadOnlyDictionary<string, string?> settings) => new()
    {
        FunctionsAssembly = typeof(PipelineQueueFunctions).Assembly,
        Configuration = configuration,
        Port = port,
        Settings = settings,
        ConfigureApp = DevelopmentIssuer is { } issuer ? issuer.Map : null,
        Queues = Queues,
        EnableQueueTriggers = EnableQueueTriggers,
        EnableTimerTriggers = EnableTimerTriggers,
        ConfigureLogging = ConfigureLogging,
        ConfigureServices = (services, config) =>
        {
            ExtraServices?.Invoke(services);
            services.AddNmoFunctions(config);
        },
    };
}
