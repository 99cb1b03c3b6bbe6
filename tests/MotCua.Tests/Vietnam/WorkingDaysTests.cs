using Microsoft.Extensions.Logging.Abstractions;
using Microsoft.Extensions.Options;
using MotCua.Vietnam;

namespace MotCua.Tests.Vietnam;

public sealed class WorkingDaysTests
{
    private static readonly TimeSpan Vietnam = TimeSpan.FromHours(7);

    private readonly WorkingDays _calendar = Calendar();

    private static WorkingDays Calendar(string? holidaysPath = null) =>
        new(Options.Create(new HolidaysOptions { Path = holidaysPath }), NullLogger<WorkingDays>.Instance);

    private static DateTimeOffset At(int year, int month, int day, int hour, int minute = 0) => new(year, month, day, hour, minute, 0, Vietnam);

    [Fact]
    public void Counting_skips_the_weekend()
    {
        // Thursday 5 March 2026: Friday 6, then Monday 9 and Tuesday 10.
        Assert.Equal(At(2026, 3, 10, 17), _calendar.DueAt(At(2026, 3, 5, 10), 3));
    }

    [Fact]
    public void Counting_skips_Tet_2026()
    {
        // Thursday 12 Feb 2026: Friday 13 counts; 14–22 Feb is the Tết break; Monday 23 and Tuesday 24 follow.
        Assert.Equal(At(2026, 2, 24, 17), _calendar.DueAt(At(2026, 2, 12, 9), 3));
    }

    [Fact]
    public void Counting_skips_30_April_and_1_May()
    {
        // Wednesday 29 April 2026: Thursday 30/4 and Friday 1/5 are holidays, then the weekend.
        Assert.Equal(At(2026, 5, 5, 17), _calendar.DueAt(At(2026, 4, 29, 14), 2));
    }

    [Fact]
    public void A_compensatory_day_off_is_skipped()
    {
        // Hùng Kings' day 2026 is Sunday 26 April, observed on Monday 27.
        Assert.Equal(At(2026, 4, 28, 17), _calendar.DueAt(At(2026, 4, 24, 11), 1));
    }

    [Fact]
    public void A_swapped_Saturday_is_a_working_day_and_the_swapped_weekday_is_not()
    {
        // 2025: Friday 2 May was swapped for Saturday 26 April.
        Assert.Equal(At(2025, 4, 26, 17), _calendar.DueAt(At(2025, 4, 25, 8), 1));
        Assert.Equal(At(2025, 5, 5, 17), _calendar.DueAt(At(2025, 4, 29, 8), 1));
    }

    [Fact]
    public void Receipt_on_a_Saturday_counts_from_Monday()
    {
        Assert.Equal(At(2026, 3, 9, 17), _calendar.DueAt(At(2026, 3, 7, 10), 1));
        Assert.Equal(At(2026, 3, 11, 17), _calendar.DueAt(At(2026, 3, 7, 10), 3));
    }

    [Fact]
    public void Late_evening_receipt_counts_from_the_next_day()
    {
        Assert.Equal(At(2026, 3, 3, 17), _calendar.DueAt(At(2026, 3, 2, 22, 30), 1));
    }

    [Fact]
    public void The_day_of_receipt_is_the_Vietnamese_date_not_the_UTC_date()
    {
        // Sunday 1 March 18:00 UTC is Monday 2 March 01:00 in Vietnam, so counting starts on Tuesday.
        var received = new DateTimeOffset(2026, 3, 1, 18, 0, 0, TimeSpan.Zero);

        var due = _calendar.DueAt(received, 1);

        Assert.Equal(At(2026, 3, 3, 17), due);
        Assert.Equal(Vietnam, due.Offset);
    }

    [Theory]
    [InlineData(9, 0, 2)]   // a working Monday morning: today
    [InlineData(16, 59, 2)] // just before closing: still today
    [InlineData(17, 0, 3)]  // at closing: the next working day
    [InlineData(20, 0, 3)]
    public void Zero_days_is_due_today_while_the_office_is_open(int hour, int minute, int dueDay)
    {
        Assert.Equal(At(2026, 3, dueDay, 17), _calendar.DueAt(At(2026, 3, 2, hour, minute), 0));
    }

    [Fact]
    public void Zero_days_on_a_holiday_is_due_the_next_working_day()
    {
        Assert.Equal(At(2026, 2, 23, 17), _calendar.DueAt(At(2026, 2, 17, 10), 0));
    }

    [Fact]
    public void Negative_days_are_refused()
    {
        Assert.Throws<ArgumentOutOfRangeException>(() => _calendar.DueAt(At(2026, 3, 2, 9), -1));
    }

    [Theory]
    [InlineData("2025-01-01")]
    [InlineData("2025-01-27")]
    [InlineData("2025-01-31")]
    [InlineData("2025-04-07")]
    [InlineData("2025-09-01")]
    [InlineData("2025-09-02")]
    [InlineData("2026-01-02")]
    [InlineData("2026-02-16")]
    [InlineData("2026-02-20")]
    [InlineData("2026-04-27")]
    [InlineData("2026-09-02")]
    [InlineData("2027-02-10")]
    [InlineData("2027-04-16")]
    [InlineData("2027-05-03")]
    public void Published_holidays_are_not_working_days(string day)
    {
        Assert.False(_calendar.IsWorkingDay(DateOnly.Parse(day, System.Globalization.CultureInfo.InvariantCulture)));
    }

    [Fact]
    public void A_year_without_data_counts_weekends_only()
    {
        // 1 January 2031 is a Wednesday: a holiday in reality, but unknown years must not stop submissions.
        Assert.Equal(At(2031, 1, 1, 17), _calendar.DueAt(At(2030, 12, 31, 10), 1));
        Assert.Equal(At(2031, 1, 6, 17), _calendar.DueAt(At(2031, 1, 3, 10), 1));
    }

    [Fact]
    public void A_holiday_file_from_configuration_replaces_the_embedded_data()
    {
        var path = Path.Combine(Path.GetTempPath(), $"holidays-{Guid.NewGuid():N}.json");
        File.WriteAllText(path, """{ "2026": { "daysOff": { "2026-03-09": "Ngày nghỉ thử" } } }""");
        try
        {
            var calendar = Calendar(path);

            Assert.Equal(At(2026, 3, 10, 17), calendar.DueAt(At(2026, 3, 6, 10), 1));
            Assert.True(calendar.IsWorkingDay(new DateOnly(2026, 2, 17)));
        }
        finally
        {
            File.Delete(path);
        }
    }

    [Theory]
    [InlineData("""{ "2026": { "daysOff": { "2026-03-07": "thứ Bảy" } } }""", "2026-03-07")]
    [InlineData("""{ "2026": { "daysOff": { "2027-03-08": "sai năm" } } }""", "2027-03-08")]
    [InlineData("""{ "2026": { "workdays": { "2026-03-09": "thứ Hai" } } }""", "2026-03-09")]
    public void A_holiday_file_with_a_misplaced_day_is_refused_naming_the_day(string json, string day)
    {
        var path = Path.Combine(Path.GetTempPath(), $"holidays-{Guid.NewGuid():N}.json");
        File.WriteAllText(path, json);
        try
        {
            var error = Assert.Throws<InvalidDataException>(() => Calendar(path));

            Assert.Contains(day, error.Message, StringComparison.Ordinal);
        }
        finally
        {
            File.Delete(path);
        }
    }
}
