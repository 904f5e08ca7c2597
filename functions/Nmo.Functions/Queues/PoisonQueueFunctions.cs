using Microsoft.Azure.Functions.Worker;
using Microsoft.Extensions.Logging;
using Nmo.Core.Storage;
using Nmo.Infrastructure.Queues;

namespace Nmo.Functions.Queues;

/// <summary>
/// The Functions host parks a failed message in its poison queue with Storage's default time-to-live of 7 days; this
/// timer gives each such message a copy that never expires, hourly, long before the original would vanish. The
/// operator sees and replays them with <c>nmo poison list|replay</c>.
/// </summary>
public sealed class PoisonQueueFunctions(PoisonQueues poison, ILogger<PoisonQueueFunctions> logger)
{
    public const string Schedule = "0 5 * * * *";

    [Function("KeepPoisonMessages")]
    public async Task KeepPoisonMessages([TimerTrigger(Schedule)] TimerInfo timer, CancellationToken cancellationToken)
    {
        foreach (var queue in StorageNames.Queues.All)
        {
            var kept = await poison.KeepAsync(queue, cancellationToken);
            if (kept > 0)
            {
                logger.LogWarning("{Count} failed message(s) in '{Poison}' now kept with no expiry; see them with 'nmo poison list {Queue}'.", kept, StorageNames.Queues.Poison(queue), queue);
            }
        }
    }
}
