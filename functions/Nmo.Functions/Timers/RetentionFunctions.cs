using Microsoft.Azure.Functions.Worker;
using Nmo.Infrastructure.Retention;

namespace Nmo.Functions.Timers;

/// <summary>Every night at 03:15 UTC, after the export: personal data past its retention is removed (docs/deploy.md, "Retention").</summary>
public sealed class RetentionFunctions(TableRetention retention)
{
    public const string Schedule = "0 15 3 * * *";

    [Function("ApplyRetention")]
    public Task ApplyRetention([TimerTrigger(Schedule)] TimerInfo timer, CancellationToken cancellationToken) =>
        retention.SweepAsync(cancellationToken);
}
