using System.Globalization;

namespace MotCua.DevHost.Triggers;

/// <summary>Times as the Functions host's Json.NET writes them to the worker: ISO 8601, fractions only when present.</summary>
internal static class IsoTime
{
    public static string Format(DateTimeOffset time) =>
        time.ToString("yyyy'-'MM'-'dd'T'HH':'mm':'ss.FFFFFFFzzz", CultureInfo.InvariantCulture);

    /// <summary>A schedule time from the timer extension (machine-local, or the unset default) shown in the timer's zone.</summary>
    public static string Format(DateTime time, TimeZoneInfo timeZone) =>
        time == default
            ? time.ToString("yyyy'-'MM'-'dd'T'HH':'mm':'ss", CultureInfo.InvariantCulture)
            : Format(TimeZoneInfo.ConvertTime(new DateTimeOffset(time), timeZone));
}
