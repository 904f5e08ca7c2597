using Microsoft.Azure.Functions.Worker;
using Nmo.LocalHost.Tests.Samples;

namespace Nmo.LocalHost.Tests.Timers;

/// <summary>Timer functions as the Functions app writes them: the schedule is the attribute's CRON.</summary>
public sealed class SampleTimerFunctions(SampleRecorder recorder)
{
    public const string ScheduleSetting = "Samples:Schedule";

    [Function("EverySecond")]
    public Task EverySecond([TimerTrigger("* * * * * *")] TimerInfo timer, CancellationToken cancellationToken)
    {
        recorder.Started("every-second");
        if (timer.ScheduleStatus is { } status && status.Next > status.LastUpdated)
        {
            recorder.Finished("every-second");
        }

        // A failing run must not stop the schedule.
        throw new InvalidOperationException("Sample timer failure.");
    }

    [Function("Nightly")]
    public Task Nightly([TimerTrigger("0 0 3 * * *", RunOnStartup = true)] TimerInfo timer)
    {
        recorder.Started("nightly");
        return Task.CompletedTask;
    }

    [Function("FromSetting")]
    public Task FromSetting([TimerTrigger("%" + ScheduleSetting + "%")] TimerInfo timer)
    {
        recorder.Started("from-setting");
        return Task.CompletedTask;
    }
}
