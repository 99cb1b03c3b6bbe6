using MotCua.Hosting;

namespace MotCua.Tests.Hosting;

public sealed class TimerScheduleTests
{
    private static readonly DateTimeOffset Midnight = new(2025, 1, 10, 0, 0, 0, TimeSpan.Zero);

    [Theory]
    [InlineData("SE Asia Standard Time")]
    [InlineData("Asia/Ho_Chi_Minh")]
    public void Five_in_the_morning_in_Vietnam_is_ten_at_night_UTC_the_day_before(string zoneId)
    {
        var schedule = TimerSchedule.Parse("DailyReport", "0 0 5 * * *", TimerSchedule.FindTimeZone(zoneId));

        Assert.Equal(new DateTimeOffset(2025, 1, 10, 22, 0, 0, TimeSpan.Zero), schedule.NextAfter(Midnight));
        Assert.Equal(new DateTimeOffset(2025, 1, 11, 22, 0, 0, TimeSpan.Zero), schedule.NextAfter(new DateTimeOffset(2025, 1, 10, 22, 0, 0, TimeSpan.Zero)));
    }

    [Fact]
    public void Without_a_time_zone_the_schedule_is_in_UTC()
    {
        var schedule = TimerSchedule.Parse("DailyReport", "0 0 5 * * *", TimerSchedule.FindTimeZone(null));

        Assert.Equal(new DateTimeOffset(2025, 1, 10, 5, 0, 0, TimeSpan.Zero), schedule.NextAfter(Midnight));
    }

    [Fact]
    public void The_first_field_is_seconds()
    {
        var schedule = TimerSchedule.Parse("Sweep", "*/15 * * * * *", TimeZoneInfo.Utc);

        Assert.Equal(Midnight.AddSeconds(15), schedule.NextAfter(Midnight.AddMilliseconds(400)));
        Assert.Equal(Midnight.AddSeconds(30), schedule.NextAfter(Midnight.AddSeconds(15)));
    }

    [Fact]
    public void An_hh_mm_ss_interval_runs_that_long_after_the_last_run()
    {
        var schedule = TimerSchedule.Parse("Sweep", "00:05:00", TimerSchedule.FindTimeZone("Asia/Ho_Chi_Minh"));

        Assert.Equal(Midnight.AddMinutes(5).AddSeconds(7), schedule.NextAfter(Midnight.AddSeconds(7)));
    }

    [Fact]
    public void A_wall_clock_time_skipped_by_daylight_saving_does_not_happen_that_day()
    {
        var schedule = TimerSchedule.Parse("Nightly", "0 30 2 * * *", TimerSchedule.FindTimeZone("America/New_York"));

        // 2025-03-09 02:30 does not exist in New York; the next 02:30 is on the 10th, in daylight time (UTC-4).
        Assert.Equal(new DateTimeOffset(2025, 3, 10, 6, 30, 0, TimeSpan.Zero), schedule.NextAfter(new DateTimeOffset(2025, 3, 9, 5, 0, 0, TimeSpan.Zero)));
    }

    [Theory]
    [InlineData("0 5 * * *")]
    [InlineData("0 0 25 * * *")]
    [InlineData("every morning")]
    [InlineData("00:00:00")]
    public void An_invalid_schedule_is_refused_naming_the_function(string expression)
    {
        var error = Assert.Throws<InvalidOperationException>(() => TimerSchedule.Parse("DailyReport", expression, TimeZoneInfo.Utc));

        Assert.Contains("'DailyReport'", error.Message, StringComparison.Ordinal);
        Assert.Contains(expression, error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void A_schedule_that_never_occurs_is_refused()
    {
        var error = Assert.Throws<InvalidOperationException>(() => TimerSchedule.Parse("LeapReport", "0 0 0 30 2 *", TimeZoneInfo.Utc));

        Assert.Contains("never occurs", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void An_unknown_time_zone_is_refused_naming_the_setting()
    {
        var error = Assert.Throws<InvalidOperationException>(() => TimerSchedule.FindTimeZone("Hanoi Standard Time"));

        Assert.Contains(TimerSchedule.TimeZoneSetting, error.Message, StringComparison.Ordinal);
    }
}
