// The retry schedule of outbound webhooks (API.md): the delays between attempts, read from one setting.
using System.ComponentModel;
using System.Globalization;
using MotCua.Hosting;

namespace MotCua.Webhooks;

/// <summary>The delays between delivery attempts: the first entry follows the first failed attempt.</summary>
[TypeConverter(typeof(RetryScheduleConverter))]
internal sealed class RetrySchedule
{
    private RetrySchedule(TimeSpan[] delays) => Delays = delays;

    /// <summary>
    /// A retry is a queue message sent with the delay as its visibility timeout, which Azure Storage keeps below the
    /// message's time to live: seven days, the default the app sends with. Declared before <see cref="Default"/>, whose parse reads it.
    /// </summary>
    public static TimeSpan MaxDelay { get; } = TimeSpan.FromDays(7);

    public static RetrySchedule Default { get; } =
        Parse("00:00:05,00:05:00,00:30:00,02:00:00,05:00:00,10:00:00,14:00:00,20:00:00,1.00:00:00");

    public IReadOnlyList<TimeSpan> Delays { get; }

    /// <summary>Comma-separated TimeSpans in the invariant <c>[d.]hh:mm:ss</c> form, each positive and under <see cref="MaxDelay"/>.</summary>
    /// <exception cref="FormatException">An entry is empty, not a TimeSpan, not positive or not under seven days.</exception>
    public static RetrySchedule Parse(string text)
    {
        var entries = text.Split(',', StringSplitOptions.TrimEntries);
        var delays = new TimeSpan[entries.Length];
        for (var i = 0; i < entries.Length; i++)
        {
            // A bare number would parse as days, which nobody writing "5" for five seconds means.
            if (!entries[i].Contains(':', StringComparison.Ordinal)
                || !TimeSpan.TryParseExact(entries[i], "c", CultureInfo.InvariantCulture, out delays[i])
                || delays[i] <= TimeSpan.Zero || delays[i] >= MaxDelay)
            {
                throw new FormatException(
                    $"Retry schedule entry {i + 1} '{entries[i]}' is not a TimeSpan between 00:00:00 and 7.00:00:00 (both exclusive), such as 00:05:00 or 1.00:00:00.");
            }
        }

        return new RetrySchedule(delays);
    }

    /// <summary>How long to wait after <paramref name="failedAttempts"/> failed attempts; null when the schedule is exhausted.</summary>
    public TimeSpan? NextDelay(int failedAttempts)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(failedAttempts, 1);
        return failedAttempts <= Delays.Count ? Delays[failedAttempts - 1] : null;
    }

    public override string ToString() => string.Join(',', Delays.Select(delay => delay.ToString("c", CultureInfo.InvariantCulture)));
}

/// <summary>Lets the configuration binder read a <see cref="RetrySchedule"/> from its string form.</summary>
internal sealed class RetryScheduleConverter() : TextSettingConverter<RetrySchedule>(RetrySchedule.Parse);
