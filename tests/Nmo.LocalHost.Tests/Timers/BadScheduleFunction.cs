using Microsoft.Azure.Functions.Worker;

namespace Nmo.LocalHost.Tests.Timers;

public sealed class BadScheduleFunction
{
    [Function("BadSchedule")]
    public Task Run([TimerTrigger("every five minutes")] TimerInfo timer) => Task.CompletedTask;
}
