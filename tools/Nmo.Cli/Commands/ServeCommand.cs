using Microsoft.Extensions.Hosting;
using Nmo.LocalHost;

namespace Nmo.Cli.Commands;

public static class ServeCommand
{
    public static async Task<int> RunAsync(int port, CancellationToken cancellationToken)
    {
        await using var environment = await LocalEnvironment.CreateAsync(cancellationToken, Console.Error.WriteLine, keepStorageRunning: true);
        var storage = await environment.PrepareStorageAsync(cancellationToken);
        Console.Error.WriteLine($"Storage: {storage.ConnectionDescription}");
        await using var app = NmoLocalHost.Build(environment.Configuration, port);
        await app.StartAsync(cancellationToken);
        await app.WaitForShutdownAsync(cancellationToken);
        return 0;
    }
}
