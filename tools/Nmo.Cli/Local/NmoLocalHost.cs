using Microsoft.AspNetCore.Builder;
using Microsoft.Extensions.Configuration;
using Nmo.Cli.Hosting;
using Nmo.Functions.Composition;
using Nmo.Functions.Queues;

namespace Nmo.Cli.Local;

/// <summary>The real function classes on Kestrel and Azurite queues, composed exactly as Program.cs composes them.</summary>
public static class NmoLocalHost
{
    public static WebApplication Build(IConfiguration configuration, int port, Action<LocalHostOptionsBuilder>? tweak = null)
    {
        var builder = new LocalHostOptionsBuilder(configuration, port);
        tweak?.Invoke(builder);
        return LocalFunctionHost.Build(builder.Build());
    }

    public sealed class LocalHostOptionsBuilder(IConfiguration configuration, int port)
    {
        public Action<Microsoft.Extensions.DependencyInjection.IServiceCollection>? ExtraServices { get; set; }

        public QueueHostOptions? Queues { get; set; }

        public Action<Microsoft.Extensions.Logging.ILoggingBuilder>? ConfigureLogging { get; set; }

        /// <summary>Off: HTTP only, and the queues are left for the caller to read (tests that deliver messages themselves).</summary>
        public bool EnableQueueTriggers { get; set; } = true;

        internal LocalHostOptions Build() => new()
        {
            FunctionsAssembly = typeof(PipelineQueueFunctions).Assembly,
            Configuration = configuration,
            Port = port,
            Queues = Queues,
            EnableQueueTriggers = EnableQueueTriggers,
            ConfigureLogging = ConfigureLogging,
            ConfigureServices = (services, config) =>
            {
                ExtraServices?.Invoke(services);
                services.AddNmoFunctions(config);
            },
        };
    }
}
