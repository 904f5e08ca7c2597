using Microsoft.Extensions.Hosting;

namespace Nmo.LocalHost;

/// <summary>Runs one <see cref="QueueFunctionListener"/> per queue-triggered function for the life of the host.</summary>
internal sealed class QueueTriggerService(IReadOnlyList<QueueFunctionListener> listeners) : BackgroundService
{
    private readonly CancellationTokenSource abort = new();

    public override async Task StopAsync(CancellationToken cancellationToken)
    {
        // Polling stops at once; running functions get until the host's shutdown timeout, then their tokens fire.
        await using var registration = cancellationToken.Register(abort.Cancel);
        await base.StopAsync(cancellationToken);
    }

    public override void Dispose()
    {
        abort.Dispose();
        base.Dispose();
    }

    protected override Task ExecuteAsync(CancellationToken stoppingToken) =>
        Task.WhenAll(listeners.Select(l => Task.Run(() => l.RunAsync(stoppingToken, abort.Token), CancellationToken.None)));
}
