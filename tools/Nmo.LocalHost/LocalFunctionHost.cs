using System.Net;
using System.Text;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Hosting.Server;
using Microsoft.AspNetCore.Hosting.Server.Features;
using Microsoft.Azure.Functions.Worker;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using Nmo.Core.Storage;
using Nmo.Infrastructure.Storage;

namespace Nmo.LocalHost;

/// <summary>
/// Hosts the real function classes of a Functions assembly in one process, without the Functions host: every HTTP
/// function on Kestrel at 127.0.0.1 under the same routes, every queue-triggered function fed from storage with
/// the host's queue semantics (host.json), and every timer-triggered function on its CRON schedule. Authorization levels are not enforced, as with <c>func start</c>;
/// the app's own access check (<see cref="Nmo.Functions.Http.AccessAnswer"/>) is.
/// </summary>
public static class LocalFunctionHost
{
    private const string LogCategory = "Nmo.LocalHost.LocalFunctionHost";

    /// <summary>
    /// Builds the host; start it with <c>StartAsync</c>/<c>RunAsync</c>. Once started, it logs
    /// <c>Now listening on: http://127.0.0.1:PORT</c> (category Microsoft.Hosting.Lifetime) and the function table.
    /// </summary>
    /// <exception cref="LocalFunctionConventionException">A function breaks the conventions the local host relies on.</exception>
    /// <exception cref="InvalidOperationException">Storage is not configured while queue triggers are enabled, or a queue
    /// name refers to a missing setting.</exception>
    public static WebApplication Build(LocalHostOptions options)
    {
        ArgumentNullException.ThrowIfNull(options);
        ArgumentNullException.ThrowIfNull(options.FunctionsAssembly);
        ArgumentNullException.ThrowIfNull(options.ConfigureServices);

        var functions = options.TypeFilter is null
            ? LocalFunctionCatalog.Discover(options.FunctionsAssembly)
            : LocalFunctionCatalog.Discover(LocalFunctionCatalog.LoadableTypes(options.FunctionsAssembly).Where(options.TypeFilter));
        var hostJson = HostJsonSettings.Load(options.HostJsonPath);
        var queueOptions = options.Queues ?? hostJson.Queues;

        var builder = WebApplication.CreateBuilder(new WebApplicationOptions
        {
            Args = [],
            ContentRootPath = AppContext.BaseDirectory,
            EnvironmentName = options.EnvironmentName,
        });

        // Lowest priority, so appsettings, environment variables and the caller can change them.
        builder.Configuration.Sources.Insert(0, new Microsoft.Extensions.Configuration.Memory.MemoryConfigurationSource
        {
            InitialData = new Dictionary<string, string?>
            {
                ["Logging:LogLevel:Default"] = "Information",
                ["Logging:LogLevel:Microsoft.AspNetCore"] = "Warning",
            },
        });
        if (options.Configuration is not null)
        {
            builder.Configuration.AddConfiguration(options.Configuration);
        }

        if (options.Settings is not null)
        {
            builder.Configuration.AddInMemoryCollection(options.Settings);
        }

        options.ConfigureLogging?.Invoke(builder.Logging);

        // The "Now listening on" line is how scripts and people know the API is up; nothing may filter it away.
        builder.Logging.AddFilter("Microsoft.Hosting.Lifetime", LogLevel.Information);

        builder.WebHost.ConfigureKestrel(kestrel =>
        {
            kestrel.Listen(IPAddress.Loopback, options.Port);
            kestrel.Limits.MaxRequestBodySize = options.MaxRequestBodySize;
        });

        // IActionResult execution (ObjectResult, ProblemDetails) needs MVC's executors and JSON formatter.
        builder.Services.AddMvcCore();
        options.ConfigureServices(builder.Services, builder.Configuration);

        var queueFunctions = functions.Where(f => f.Kind == LocalFunctionKind.Queue).ToList();
        var queueListeners = new List<(LocalFunction Function, string Queue)>();
        if (options.EnableQueueTriggers && queueFunctions.Count > 0)
        {
            queueListeners.AddRange(queueFunctions.Select(f => (f, ResolveQueueName(f, builder.Configuration))));
            var clients = CreateListenerClients(builder.Configuration);
            builder.Services.AddHostedService(services => new QueueTriggerService(
                [.. queueListeners.Select(l => new QueueFunctionListener(
                    l.Function,
                    l.Queue,
                    clients.Queue(l.Queue),
                    clients.Queue(StorageNames.Queues.Poison(l.Queue)),
                    queueOptions,
                    services.GetRequiredService<IServiceScopeFactory>(),
                    services.GetRequiredService<ILoggerFactory>().CreateLogger("Function." + l.Function.Name)))]));
        }

        var timers = new List<(LocalFunction Function, string Schedule)>();
        if (options.EnableTimerTriggers)
        {
            timers.AddRange(functions.Where(f => f.Kind == LocalFunctionKind.Timer).Select(f => (f, ResolveSchedule(f, builder.Configuration))));
        }

        if (timers.Count > 0)
        {
            builder.Services.AddHostedService(services => new TimerTriggerService(
                [.. timers.Select(t => (t.Function, TimerSchedule.TryParse(t.Schedule)!))],
                services.GetRequiredService<IServiceScopeFactory>(),
                services.GetRequiredService<ILoggerFactory>(),
                services.GetService<TimeProvider>() ?? TimeProvider.System));
        }

        var app = builder.Build();
        HttpFunctionEndpoints.Map(app, functions.Where(f => f.Kind == LocalFunctionKind.Http), hostJson.RoutePrefix);
        options.ConfigureApp?.Invoke(app);

        var logger = app.Services.GetRequiredService<ILoggerFactory>().CreateLogger(LogCategory);
        app.Lifetime.ApplicationStarted.Register(() =>
            LogStartup(logger, app, functions, hostJson, queueOptions, options.EnableQueueTriggers, [.. queueListeners, .. timers]));
        return app;
    }

    /// <summary>The bound address, e.g. <c>http://127.0.0.1:7071</c>; only after the app has started.</summary>
    public static string GetAddress(WebApplication app)
    {
        ArgumentNullException.ThrowIfNull(app);
        var addresses = app.Services.GetRequiredService<IServer>().Features.Get<IServerAddressesFeature>()?.Addresses;
        return addresses?.FirstOrDefault()
            ?? throw new InvalidOperationException("The local host has no address yet: start it first.");
    }

    private static string ResolveQueueName(LocalFunction function, IConfiguration configuration)
    {
        var name = function.Queue!;
        if (name.Length > 2 && name.StartsWith('%') && name.EndsWith('%'))
        {
            var setting = name[1..^1];
            return configuration[setting] is { Length: > 0 } value
                ? value
                : throw new InvalidOperationException(
                    $"Function '{function.Name}' reads queue '{name}', but the setting '{setting}' is not configured.");
        }

        return name;
    }

    /// <summary>The schedule as written, or read from the setting a <c>%Setting%</c> names; it must be CRON.</summary>
    private static string ResolveSchedule(LocalFunction function, IConfiguration configuration)
    {
        var schedule = function.Schedule!;
        if (LocalFunctionCatalog.IsSetting(schedule))
        {
            var setting = schedule[1..^1];
            schedule = configuration[setting] is { Length: > 0 } value
                ? value
                : throw new InvalidOperationException($"Function '{function.Name}' reads its schedule from '{function.Schedule}', but the setting '{setting}' is not configured.");
        }

        return TimerSchedule.TryParse(schedule) is null
            ? throw new InvalidOperationException($"Function '{function.Name}': schedule '{schedule}' is not a CRON expression of five or six fields.")
            : schedule;
    }

    private static StorageClients CreateListenerClients(IConfiguration configuration)
    {
        var clientOptions = new StorageClientOptions();
        clientOptions.PerCallPolicies.Add(new UndecodableMessagePolicy());
        return new StorageClients(configuration, clientOptions);
    }

    private static void LogStartup(
        ILogger logger,
        WebApplication app,
        IReadOnlyList<LocalFunction> functions,
        HostJsonSettings hostJson,
        QueueHostOptions queues,
        bool queueTriggersEnabled,
        IReadOnlyList<(LocalFunction Function, string Queue)> listeners)
    {
        var address = GetAddress(app);
        var table = new StringBuilder();
        foreach (var function in functions)
        {
            var queue = listeners.FirstOrDefault(l => l.Function == function).Queue;
            var line = function.Kind == LocalFunctionKind.Timer && queue is null
                ? $"{function.Name}: {function.Describe(hostJson.RoutePrefix, address)} - not run (timer triggers disabled)"
                : function.Kind == LocalFunctionKind.Queue && !queueTriggersEnabled
                ? $"{function.Name}: {function.Describe(hostJson.RoutePrefix, address)} - not polled (queue triggers disabled)"
                : $"{function.Name}: {function.Describe(hostJson.RoutePrefix, address, queue)}";
            table.Append(Environment.NewLine).Append("  ").Append(line);
        }

        logger.LogInformation("Functions:{Table}", table.ToString());
        logger.LogInformation(
            "host.json: {HostJson}; queues: batchSize {BatchSize}, newBatchThreshold {Threshold}, maxPollingInterval {Polling}, visibilityTimeout {Visibility}, maxDequeueCount {MaxDequeue}",
            hostJson.Path ?? "not found, defaults",
            queues.BatchSize,
            queues.NewBatchThreshold,
            queues.MaxPollingInterval,
            queues.VisibilityTimeout,
            queues.MaxDequeueCount);

        var keyed = functions
            .Where(f => f.AuthorizationLevel is AuthorizationLevel.Function or AuthorizationLevel.Admin or AuthorizationLevel.System)
            .Select(f => $"{f.Name} ({f.AuthorizationLevel})")
            .ToList();
        if (keyed.Count > 0)
        {
            logger.LogInformation(
                "Authorization levels are not enforced locally (as with func start); in Azure these need a key: {Functions}",
                string.Join(", ", keyed));
        }
    }
}
