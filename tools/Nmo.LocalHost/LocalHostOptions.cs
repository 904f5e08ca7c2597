using System.Reflection;
using Microsoft.AspNetCore.Builder;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;

namespace Nmo.LocalHost;

/// <summary>What <see cref="LocalFunctionHost.Build"/> hosts and how.</summary>
public sealed class LocalHostOptions
{
    /// <summary>The assembly whose <c>[Function]</c> methods are served (the Functions app).</summary>
    public required Assembly FunctionsAssembly { get; init; }

    /// <summary>Hosts only the classes of <see cref="FunctionsAssembly"/> this accepts (tests); <c>null</c> hosts all.</summary>
    public Func<Type, bool>? TypeFilter { get; init; }

    /// <summary>
    /// The app's composition root, given the host's configuration (defaults, <see cref="Configuration"/>,
    /// then <see cref="Settings"/>).
    /// </summary>
    public required Action<IServiceCollection, IConfiguration> ConfigureServices { get; init; }

    /// <summary>Port on 127.0.0.1; 0 picks a free one (see <see cref="LocalFunctionHost.GetAddress"/>).</summary>
    public int Port { get; init; }

    /// <summary>Configuration layered over the host's defaults (environment variables, appsettings).</summary>
    public IConfiguration? Configuration { get; init; }

    /// <summary>Settings layered last, e.g. <c>AzureWebJobsStorage</c>; these win over everything else.</summary>
    public IReadOnlyDictionary<string, string?>? Settings { get; init; }

    /// <summary>Poll the queues of the queue-triggered functions (off: HTTP only).</summary>
    public bool EnableQueueTriggers { get; init; } = true;

    /// <summary>Run the timer-triggered functions on their schedules (off: never).</summary>
    public bool EnableTimerTriggers { get; init; } = true;

    /// <summary>Queue trigger behaviour; <c>null</c> reads host.json (see <see cref="HostJsonPath"/>).</summary>
    public QueueHostOptions? Queues { get; init; }

    /// <summary>
    /// host.json to read; <c>null</c> looks in the application folder, then in the folders above it and above the
    /// working directory (the repository keeps one host.json at its top).
    /// </summary>
    public string? HostJsonPath { get; init; }

    /// <summary>
    /// Kestrel's request body limit. Larger than any limit the app enforces itself, so the app (not Kestrel)
    /// answers oversized uploads with its own 413.
    /// </summary>
    public long MaxRequestBodySize { get; init; } = 128L * 1024 * 1024;

    /// <summary>Extra logging set-up (tests capture logs here); runs after the host's defaults.</summary>
    public Action<ILoggingBuilder>? ConfigureLogging { get; init; }

    /// <summary>Extra endpoints on the built app, mapped after the functions' (the development token issuer).</summary>
    public Action<WebApplication>? ConfigureApp { get; init; }

    /// <summary>Environment name (Development, Production); <c>null</c> takes it from the environment variables.</summary>
    public string? EnvironmentName { get; init; }
}
