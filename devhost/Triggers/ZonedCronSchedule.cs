// Extensions 3.0.6's CronSchedule evaluates NCRONTAB in TimeZoneInfo.Local, the zone of the whole process (Azure sets it
// from WEBSITE_TIME_ZONE). A test process runs several DevHosts, so each host's zone comes from its own settings instead:
// the timer listener still works in machine-local DateTimes (DateTime.Now), and this schedule converts at its edges.
using Microsoft.Azure.WebJobs.Extensions.Timers;
using NCrontab;

namespace MotCua.DevHost.Triggers;

/// <summary>
/// A 6-field (or 5-field) NCRONTAB schedule evaluated in a named time zone. Public and abstract because the WebJobs
/// timer creates its schedule from a type with a parameterless constructor: <see cref="GeneratedFunctionsType"/> emits
/// one subclass per timer, in a dynamic assembly, that passes the expression and the zone.
/// </summary>
public abstract class ZonedCronSchedule : TimerSchedule
{
    private readonly CrontabSchedule _cron;
    private readonly TimeZoneInfo _zone;

    protected ZonedCronSchedule(string expression, string timeZoneId)
    {
        _cron = Parse(expression) ?? throw new ArgumentException($"'{expression}' is not an NCRONTAB expression.", nameof(expression));
        _zone = TimeZoneInfo.FindSystemTimeZoneById(timeZoneId);
    }

    /// <summary>True, as CronSchedule: the listener measures the wait to the next run with machine-local UTC offsets.</summary>
    public override bool AdjustForDST => true;

    /// <param name="now">A machine-local (or UTC) time, as the listener and the schedule monitor pass it.</param>
    /// <returns>The next occurrence after <paramref name="now"/>, machine-local.</returns>
    public override DateTime GetNextOccurrence(DateTime now)
    {
        var wallClock = TimeZoneInfo.ConvertTime(new DateTimeOffset(now), _zone).DateTime;
        while (true)
        {
            wallClock = _cron.GetNextOccurrence(wallClock);
            // A wall-clock time skipped by a daylight-saving jump does not happen that day.
            if (!_zone.IsInvalidTime(wallClock))
            {
                return TimeZoneInfo.ConvertTimeToUtc(wallClock, _zone).ToLocalTime();
            }
        }
    }

    public override string ToString() => $"Cron: '{_cron}' in {_zone.Id}";

    /// <returns>The schedule, or null when the expression is not NCRONTAB (an hh:mm:ss interval, say); as Extensions 3.0.6
    /// decides, five fields mean no seconds.</returns>
    internal static CrontabSchedule? Parse(string expression) =>
        CrontabSchedule.TryParse(expression, new CrontabSchedule.ParseOptions
        {
            IncludingSeconds = expression.Split(' ', StringSplitOptions.RemoveEmptyEntries).Length != 5,
        });

    /// <summary>
    /// Extensions 3.0.6 turns the schedule monitor off for a cron schedule that fires more than once a minute; a schedule
    /// given as a type escapes that rule, so the DevHost applies it itself.
    /// </summary>
    internal static bool FiresMoreThanOncePerMinute(CrontabSchedule cron, DateTime now) =>
        cron.GetNextOccurrences(now, now.AddMinutes(1)).Skip(1).Any();
}
