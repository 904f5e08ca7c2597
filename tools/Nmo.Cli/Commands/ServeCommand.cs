using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.Hosting;
using Nmo.Infrastructure.Composition;
using Nmo.LocalHost;

namespace Nmo.Cli.Commands;

public static class ServeCommand
{
    /// <param name="devAuth">
    /// Trust only the development token issuer (key in .nmo/dev-auth-key.pem) on the portal and admin routes:
    /// <c>nmo token --role Portal</c> prints a token it accepts.
    /// </param>
    public static async Task<int> RunAsync(int port, bool devAuth, CancellationToken cancellationToken)
    {
        await using var environment = await LocalEnvironment.CreateAsync(cancellationToken, Console.Error.WriteLine, keepStorageRunning: true);
        var storage = await environment.PrepareStorageAsync(cancellationToken);
        Console.Error.WriteLine($"Storage: {storage.ConnectionDescription}");
        using var issuer = devAuth ? DevelopmentIssuer.LoadOrCreate(DevelopmentIssuer.KeyPath(environment.WorkDirectory)) : null;
        if (issuer is not null)
        {
            Console.Error.WriteLine($"Development token issuer {DevelopmentIssuer.Issuer}: the portal and admin routes need 'nmo token --role Portal|Operator'.");
        }

        await using var app = NmoLocalHost.Build(WithConsoleTelemetry(environment.Configuration), port, o => o.DevelopmentIssuer = issuer);
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
