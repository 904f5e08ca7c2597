using Microsoft.Azure.Functions.Worker;
using Nmo.Infrastructure.Backups;

namespace Nmo.Functions.Timers;

/// <summary>Every night at 02:30 UTC: the tables that prove credits are exported to the write-once backups container.</summary>
public sealed class BackupFunctions(TableBackups backups)
{
    public const string Schedule = "0 30 2 * * *";

    [Function("ExportTables")]
    public Task ExportTables([TimerTrigger(Schedule)] TimerInfo timer, CancellationToken cancellationToken) =>
        backups.ExportTodayAsync(cancellationToken);
}
