// Section "Webhooks": how long to wait for an agency, how much clock skew to accept, and when to retry.
using System.ComponentModel;
using System.Globalization;
using Microsoft.Extensions.DependencyInjection.Extensions;
using Microsoft.Extensions.Options;

namespace MotCua.Webhooks;

internal sealed class WebhooksOptions
{
    public const string Section = "Webhooks";

    /// <summary>Bound from one comma-separated string (<c>Webhooks__RetrySchedule</c>).</summary>
    public RetrySchedule RetrySchedule { get; set; } = RetrySchedule.Default;

    public int TimestampToleranceSeconds { get; set; } = 300;

    public TimeSpan Timeout { get; set; } = TimeSpan.FromSeconds(30);
}

/// <summary>The delays between delivery attempts: the first entry follows the first failed attempt.</summary>
[TypeConverter(typeof(RetryScheduleConverter))]
internal sealed class RetrySchedule
{
    private RetrySchedule(TimeSpan[] delays) => Delays = delays;

    public static RetrySchedule Default { get; } =
        Parse("00:00:05,00:05:00,00:30:00,02:00:00,05:00:00,10:00:00,14:00:00,20:00:00,1.00:00:00");

    public IReadOnlyList<TimeSpan> Delays { get; }

    /// <summary>Comma-separated positive TimeSpans in the invariant <c>[d.]hh:mm:ss</c> form.</summary>
    /// <exception cref="FormatException">An entry is empty, not a TimeSpan, or not positive.</exception>
    public static RetrySchedule Parse(string text)
    {
        var entries = text.Split(',', StringSplitOptions.TrimEntries);
        var delays = new TimeSpan[entries.Length];
        for (var i = 0; i < entries.Length; i++)
        {
            // A bare number would parse as days, which nobody writing "5" for five seconds means.
            if (!entries[i].Contains(':', StringComparison.Ordinal)
                || !TimeSpan.TryParseExact(entries[i], "c", CultureInfo.InvariantCulture, out delays[i]) || delays[i] <= TimeSpan.Zero)
            {
                throw new FormatException(
                    $"Retry schedule entry {i + 1} '{entries[i]}' is not a positive TimeSpan such as 00:05:00 or 1.00:00:00.");
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
internal sealed class RetryScheduleConverter : TypeConverter
{
    public override bool CanConvertFrom(ITypeDescriptorContext? context, Type sourceType) =>
        sourceType == typeof(string) || base.CanConvertFrom(context, sourceType);

    public override object? ConvertFrom(ITypeDescriptorContext? context, CultureInfo? culture, object value) =>
        value is string text ? RetrySchedule.Parse(text) : base.ConvertFrom(context, culture, value);
}

internal static class WebhooksSetup
{
    public static IServiceCollection AddWebhooks(this IServiceCollection services)
    {
        services.TryAddSingleton(TimeProvider.System);
        services.AddOptions<WebhooksOptions>()
            .BindConfiguration(WebhooksOptions.Section)
            .Validate(options => options.TimestampToleranceSeconds > 0, "Webhooks:TimestampToleranceSeconds must be positive.")
            .Validate(options => options.Timeout > TimeSpan.Zero && options.Timeout <= TimeSpan.FromMinutes(10),
                "Webhooks:Timeout must be between 00:00:00 (exclusive) and 00:10:00.")
            .ValidateOnStart();

        services.AddHttpClient(WebhookSender.HttpClientName)
            .ConfigureHttpClient((provider, client) => client.Timeout = provider.GetRequiredService<IOptions<WebhooksOptions>>().Value.Timeout)
            // A redirect is a failed delivery: the portal calls only the URL an agency registered.
            .ConfigurePrimaryHttpMessageHandler(() => new SocketsHttpHandler { AllowAutoRedirect = false, UseCookies = false })
            // The factory's request logs would otherwise be able to show the signature header.
            .RedactLoggedHeaders(static _ => true);
        services.TryAddSingleton<WebhookSender>();
        services.TryAddSingleton<WebhookVerifier>();
        return services;
    }
}
