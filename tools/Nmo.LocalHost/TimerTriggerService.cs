using Microsoft.Azure.Functions.Worker;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using NCrontab;
using Nmo.Infrastructure.Storage;

namespace Nmo.LocalHost;

/// <summary>
/// Runs each timer-triggered function at the occurrences of its CRON schedule, one invocation at a time per
/// function (as the host's singleton lock does), in its own scope. A failed run is logged and the next occurrence
/// still comes, as in Azure.
/// </summary>
internal sealed class TimerTriggerService(
    IReadOnlyList<(LocalFunction Function, CrontabSchedule Schedule)> timers,
    IServiceScopeFactory scopes,
    ILoggerFactory loggers,
    TimeProvider time) : BackgroundService
{
    protected override Task ExecuteAsync(CancellationToken stoppingToken) =>
        Task.WhenAll(timers.Select(t => Task.Run(() => RunAsync(t.Function, t.Schedule, stoppingToken), CancellationToken.None)));

    private async Task RunAsync(LocalFunction function, CrontabSchedule schedule, CancellationToken stoppingToken)
    {
        var logger = loggers.CreateLogger("Function." + function.Name);
        DateTime? last = null;
        if (function.RunOnStartup)
        {
            last = await InvokeAsync(function, schedule, logger, last, stoppingToken);
        }

        while (!stoppingToken.IsCancellationRequested)
        {
            var now = time.GetUtcNow().UtcDateTime;
            var next = schedule.GetNextOccurrence(now);
            try
            {
                await Task.Delay(next - now, time, stoppingToken);
            }
            catch (OperationCanceledException)
            {
                return;
            }

            last = await InvokeAsync(function, schedule, logger, last, stoppingToken);
        }
    }

    private async Task<DateTime> InvokeAsync(LocalFunction function, CrontabSchedule schedule, ILogger logger, DateTime? last, CancellationToken stoppingToken)
    {
        var now = time.GetUtcNow().UtcDateTime;
        var info = new TimerInfo
        {
            IsPastDue = false,
            ScheduleStatus = new ScheduleStatus { Last = last ?? default, Next = schedule.GetNextOccurrence(now), LastUpdated = now },
        };
        try
        {
            await using var scope = scopes.CreateAsyncScope();
            await FunctionInvoker.InvokeAsync(function, scope.ServiceProvider, Arguments(function, info, stoppingToken));
            logger.LogInformation("Timer function {Function} ran.", function.Name);
        }
        catch (OperationCanceledException) when (stoppingToken.IsCancellationRequested)
        {
        }
        catch (Exception e) when (StorageOutage.Is(e, stoppingToken))
        {
            logger.LogWarning("Timer function {Function} failed, storage unavailable ({Reason}); it runs again at its next occurrence.", function.Name, StorageOutage.Describe(e));
        }
        catch (Exception e)
        {
            logger.LogError(e, "Timer function {Function} failed; it runs again at its next occurrence.", function.Name);
        }

        return now;
    }

    private static object?[] Arguments(LocalFunction function, TimerInfo info, CancellationToken cancellationToken) =>
        [.. function.Method.GetParameters().Select(p => p.ParameterType == typeof(CancellationToken) ? (object?)cancellationToken : info)];
}
