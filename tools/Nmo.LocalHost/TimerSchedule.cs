using NCrontab;

namespace Nmo.LocalHost;

/// <summary>
/// A timer trigger's CRON schedule, read as the Functions host reads it (NCrontab): six fields with seconds, or
/// five without; times are UTC, as in Azure unless WEBSITE_TIME_ZONE says otherwise.
/// </summary>
internal static class TimerSchedule
{
    public static CrontabSchedule? TryParse(string expression)
    {
        var fields = expression.Split(' ', StringSplitOptions.RemoveEmptyEntries).Length;
        return fields is 5 or 6
            ? CrontabSchedule.TryParse(expression, new CrontabSchedule.ParseOptions { IncludingSeconds = fields == 6 })
            : null;
    }
}
