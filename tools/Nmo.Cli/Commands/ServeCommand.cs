using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.Hosting;
using Nmo.Infrastructure.Composition;
using Nmo.LocalHost;

namespace Nmo.Cli.Commands;

public static class ServeCommand
{
    public static async Task<int> RunAsync(int port, CancellationToken cancellationToken)
    {
        await using var environment = await LocalEnvironment.CreateAsync(cancellationToken, Console.Error.WriteLine, keepStorageRunning: true);
        var storage = await environment.PrepareStorageAsync(cancellationToken);
        Console.Error.WriteLine($"Storage: {storage.ConnectionDescription}");
        await using var app = NmoLocalHost.Build(WithConsoleTelemetry(environment.Configuration), port);
        await app.StartAsync(cancellationToken);
        await app.WaitForShutdownAsync(cancellationToken);
        return 0;
    }

    /// <summary>Spans and metrics go to the console unless the environment says otherwise (or names an OTLP endpoint).</summary>
    private static IConfiguration WithConsoleTelemetry(IConfiguration configuration) =>
        new ConfigurationBuilder()
            .AddInMemoryCollection(new Dictionary<string, string?> { [TelemetryRegistration.ConsoleSetting] = "true" })
            .AddConfiguration(configuration)
            .Build();
}
