// A timer's schedule as the Functions host reads it: a 6-field NCRONTAB expression evaluated in the
// WEBSITE_TIME_ZONE zone, or a constant hh:mm:ss interval.
using System.Globalization;
using NCrontab;

namespace MotCua.Hosting;

internal sealed class TimerSchedule
{
    public const string TimeZoneSetting = "WEBSITE_TIME_ZONE";

    private readonly CrontabSchedule? _cron;
    private readonly TimeSpan _interval;
    private readonly TimeZoneInfo _zone;

    private TimerSchedule(CrontabSchedule? cron, TimeSpan interval, TimeZoneInfo zone)
    {
        _cron = cron;
        _interval = interval;
        _zone = zone;
    }

    /// <exception cref="InvalidOperationException">The expression is neither form; the message names the function.</exception>
    public static TimerSchedule Parse(string functionName, string expression, TimeZoneInfo zone)
    {
        if (TimeSpan.TryParseExact(expression, @"hh\:mm\:ss", CultureInfo.InvariantCulture, out var interval) && interval > TimeSpan.Zero)
        {
            return new TimerSchedule(null, interval, zone);
        }

        CrontabSchedule cron;
        try
        {
            cron = CrontabSchedule.Parse(expression, new CrontabSchedule.ParseOptions { IncludingSeconds = true });
        }
        catch (CrontabException ex)
        {
            throw new InvalidOperationException(
                $"Timer function '{functionName}' has an invalid schedule '{expression}': expected a 6-field NCRONTAB expression " +
                $"'{{second}} {{minute}} {{hour}} {{day}} {{month}} {{day-of-week}}' or an hh:mm:ss interval. {ex.Message}", ex);
        }

        // NCrontab answers "no occurrence" with the end of time; a schedule such as 30 February would otherwise wait forever.
        if (cron.GetNextOccurrence(DateTime.MinValue) == DateTime.MaxValue)
        {
            throw new InvalidOperationException($"Timer function '{functionName}' has a schedule '{expression}' that never occurs.");
        }

        return new TimerSchedule(cron, default, zone);
    }

    /// <summary>The zone named by <c>WEBSITE_TIME_ZONE</c> (a Windows or an IANA id), UTC when unset.</summary>
    public static TimeZoneInfo FindTimeZone(string? id)
    {
        if (string.IsNullOrWhiteSpace(id))
        {
            return TimeZoneInfo.Utc;
        }

        try
        {
            return TimeZoneInfo.FindSystemTimeZoneById(id);
        }
        catch (Exception ex) when (ex is TimeZoneNotFoundException or InvalidTimeZoneException)
        {
            throw new InvalidOperationException($"{TimeZoneSetting} '{id}' is not a time zone this machine knows (use e.g. 'SE Asia Standard Time' or 'Asia/Ho_Chi_Minh').", ex);
        }
    }

    /// <summary>The first occurrence strictly after <paramref name="instant"/>, in UTC.</summary>
    public DateTimeOffset NextAfter(DateTimeOffset instant)
    {
        if (_cron is null)
        {
            return (instant + _interval).ToUniversalTime();
        }

        var local = TimeZoneInfo.ConvertTime(instant, _zone).DateTime;
        while (true)
        {
            local = DateTime.SpecifyKind(_cron.GetNextOccurrence(local), DateTimeKind.Unspecified);
            // A wall-clock time skipped by a daylight-saving jump does not happen that day.
            if (!_zone.IsInvalidTime(local))
            {
                return new DateTimeOffset(TimeZoneInfo.ConvertTimeToUtc(local, _zone));
            }
        }
    }
}
