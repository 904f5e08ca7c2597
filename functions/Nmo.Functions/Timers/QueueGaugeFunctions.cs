using Microsoft.Azure.Functions.Worker;
using Nmo.Infrastructure.Queues;

namespace Nmo.Functions.Timers;

/// <summary>Every minute: the queues' oldest-message age and poison depth are measured for the alerts (docs/operations.md).</summary>
public sealed class QueueGaugeFunctions(QueueGauges gauges)
{
    public const string Schedule = "30 * * * * *";

    [Function("MeasureQueues")]
    public Task MeasureQueues([TimerTrigger(Schedule)] TimerInfo timer, CancellationToken cancellationToken) =>
        gauges.MeasureAsync(cancellationToken);
}
