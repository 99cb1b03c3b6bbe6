using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Options;
using MotCua.Webhooks;

namespace MotCua.Tests.Webhooks;

public sealed class WebhooksOptionsTests
{
    [Fact]
    public void Default_schedule_is_the_one_in_the_api_and_then_runs_out()
    {
        var schedule = RetrySchedule.Default;

        TimeSpan[] expected =
        [
            TimeSpan.FromSeconds(5), TimeSpan.FromMinutes(5), TimeSpan.FromMinutes(30), TimeSpan.FromHours(2), TimeSpan.FromHours(5),
            TimeSpan.FromHours(10), TimeSpan.FromHours(14), TimeSpan.FromHours(20), TimeSpan.FromHours(24),
        ];
        Assert.Equal(expected, Enumerable.Range(1, 9).Select(attempt => schedule.NextDelay(attempt)!.Value));
        Assert.Null(schedule.NextDelay(10));
        Assert.Null(schedule.NextDelay(int.MaxValue));
        Assert.Equal("00:00:05,00:05:00,00:30:00,02:00:00,05:00:00,10:00:00,14:00:00,20:00:00,1.00:00:00", schedule.ToString());
    }

    [Fact]
    public void Next_delay_counts_failed_attempts_from_one() =>
        Assert.Throws<ArgumentOutOfRangeException>(() => RetrySchedule.Default.NextDelay(0));

    [Fact]
    public void Parse_accepts_spaces_around_entries_and_fractions()
    {
        var schedule = RetrySchedule.Parse(" 00:00:01.5 , 2.00:00:00");

        Assert.Equal([TimeSpan.FromSeconds(1.5), TimeSpan.FromDays(2)], schedule.Delays);
    }

    [Theory]
    [InlineData("")]
    [InlineData("5")]
    [InlineData("5s")]
    [InlineData("00:00:05,,00:05:00")]
    [InlineData("00:00:05,")]
    [InlineData("-00:00:05")]
    [InlineData("00:00:00")]
    [InlineData("00:60:00")]
    [InlineData("00:00:05;00:05:00")]
    public void Parse_refuses_entries_that_are_not_positive_timespans(string text)
    {
        var exception = Assert.Throws<FormatException>(() => RetrySchedule.Parse(text));

        Assert.Contains("Retry schedule entry", exception.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Options_bind_from_the_webhooks_section()
    {
        var options = Options(new()
        {
            ["Webhooks:RetrySchedule"] = "00:00:01,00:00:02",
            ["Webhooks:TimestampToleranceSeconds"] = "60",
            ["Webhooks:Timeout"] = "00:00:10",
        });

        Assert.Equal([TimeSpan.FromSeconds(1), TimeSpan.FromSeconds(2)], options.RetrySchedule.Delays);
        Assert.Equal(60, options.TimestampToleranceSeconds);
        Assert.Equal(TimeSpan.FromSeconds(10), options.Timeout);
    }

    [Fact]
    public void Options_default_to_the_documented_values()
    {
        var options = Options([]);

        Assert.Same(RetrySchedule.Default, options.RetrySchedule);
        Assert.Equal(300, options.TimestampToleranceSeconds);
        Assert.Equal(TimeSpan.FromSeconds(30), options.Timeout);
    }

    [Fact]
    public void An_unreadable_retry_schedule_fails_at_startup_naming_the_entry()
    {
        using var services = Services(new() { ["Webhooks:RetrySchedule"] = "00:00:05,soon" });

        var exception = Assert.Throws<InvalidOperationException>(() => services.GetRequiredService<IStartupValidator>().Validate());

        Assert.Contains("Webhooks:RetrySchedule", exception.Message, StringComparison.Ordinal);
        Assert.Contains("entry 2 'soon'", Assert.IsType<FormatException>(exception.InnerException).Message, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("Webhooks:TimestampToleranceSeconds", "0")]
    [InlineData("Webhooks:Timeout", "00:00:00")]
    [InlineData("Webhooks:Timeout", "01:00:00")]
    public void Out_of_range_settings_fail_at_startup(string key, string value)
    {
        using var services = Services(new() { [key] = value });

        var exception = Assert.Throws<OptionsValidationException>(() => services.GetRequiredService<IStartupValidator>().Validate());

        Assert.Contains(key, exception.Message, StringComparison.Ordinal);
    }

    private static WebhooksOptions Options(Dictionary<string, string?> settings)
    {
        using var services = Services(settings);
        services.GetRequiredService<IStartupValidator>().Validate();
        return services.GetRequiredService<IOptions<WebhooksOptions>>().Value;
    }

    private static ServiceProvider Services(Dictionary<string, string?> settings) => new ServiceCollection()
        .AddSingleton<IConfiguration>(new ConfigurationBuilder().AddInMemoryCollection(settings).Build())
        .AddLogging()
        .AddWebhooks()
        .BuildServiceProvider();
}
