using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Nmo.LocalHost.Tests.Samples;
using Nmo.LocalHost.Tests.Timers;
using Nmo.Testing;

namespace Nmo.LocalHost.Tests;

/// <summary>Timer triggers run on the CRON of their attribute (or the setting it names), as under the Functions host.</summary>
public sealed class LocalFunctionHostTimerTests
{
    [Fact]
    public async Task Timer_functions_run_on_their_schedule_keep_running_after_a_failure_and_honour_run_on_startup()
    {
        var recorder = new SampleRecorder();
        var logs = new LogCapture();
        await using var app = Build(recorder, logs, "0 0 4 1 1 *");
        await app.StartAsync();
        try
        {
            // Every second, throwing each time: the schedule goes on.
            await Eventually.WaitUntilAsync(() => recorder.StartedCount("every-second") >= 3, TimeSpan.FromSeconds(20), "three runs of the every-second timer");
            Assert.True(recorder.FinishedCount("every-second") >= 3, "the TimerInfo carried no schedule status");
            Assert.Contains(logs.Entries, e => e.Message.Contains("EverySecond failed", StringComparison.Ordinal));

            // 03:00 nightly, but RunOnStartup: once now. The setting's schedule is next January: not yet.
            Assert.Equal(1, recorder.StartedCount("nightly"));
            Assert.Equal(0, recorder.StartedCount("from-setting"));
            Assert.Contains(logs.Entries, e => e.Message.Contains("FromSetting: timerTrigger (0 0 4 1 1 *)", StringComparison.Ordinal));
        }
        finally
        {
            await app.StopAsync();
        }
    }

    [Fact]
    public async Task A_schedule_setting_every_second_runs_and_disabled_timers_never_run()
    {
        var recorder = new SampleRecorder();
        await using (var app = Build(recorder, new LogCapture(), "* * * * * *"))
        {
            await app.StartAsync();
            await Eventually.WaitUntilAsync(() => recorder.StartedCount("from-setting") >= 2, TimeSpan.FromSeconds(20), "runs of the timer whose schedule is a setting");
            await app.StopAsync();
        }

        var quiet = new SampleRecorder();
        await using var disabled = Build(quiet, new LogCapture(), "* * * * * *", enabled: false);
        await disabled.StartAsync();
        await Task.Delay(2500);
        await disabled.StopAsync();
        Assert.Equal(0, quiet.TotalStarted);
    }

    [Fact]
    public void A_schedule_that_is_not_cron_stops_the_start_with_the_function_named()
    {
        var error = Assert.Throws<LocalFunctionConventionException>(() => LocalFunctionCatalog.Discover([typeof(BadScheduleFunction)]));

        Assert.Contains(error.Problems, p => p.Contains("'BadSchedule'", StringComparison.Ordinal) && p.Contains("'every five minutes' is not a CRON expression", StringComparison.Ordinal));
    }

    private static Microsoft.AspNetCore.Builder.WebApplication Build(SampleRecorder recorder, LogCapture logs, string settingSchedule, bool enabled = true) =>
        LocalFunctionHost.Build(new LocalHostOptions
        {
            FunctionsAssembly = typeof(SampleTimerFunctions).Assembly,
            TypeFilter = t => t == typeof(SampleTimerFunctions),
            Port = 0,
            EnableQueueTriggers = false,
            EnableTimerTriggers = enabled,
            Configuration = new ConfigurationBuilder().AddInMemoryCollection(new Dictionary<string, string?>
            {
                [SampleTimerFunctions.ScheduleSetting] = settingSchedule,
            }).Build(),
            ConfigureServices = (services, _) => services.AddSingleton(recorder),
            ConfigureLogging = logs.CaptureAll,
        });
}
