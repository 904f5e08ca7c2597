using Microsoft.Azure.Functions.Worker;
using Nmo.Core.Uploads;

namespace Nmo.Functions.Timers;

/// <summary>Every five minutes: uploads whose queue message never got written are queued again.</summary>
public sealed class UploadSweepFunctions(UploadSweeper sweeper)
{
    public const string Schedule = "0 */5 * * * *";

    [Function("SweepStuckUploads")]
    public Task SweepStuckUploads([TimerTrigger(Schedule)] TimerInfo timer, CancellationToken cancellationToken) =>
        sweeper.SweepAsync(cancellationToken);
}
