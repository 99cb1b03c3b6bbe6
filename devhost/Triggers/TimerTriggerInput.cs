// What the Functions host sends the worker for a timer: its WebJobs TimerInfo serialized by Json.NET, which the
// isolated worker's TimerInfoConverter reads (case-insensitively) into Microsoft.Azure.Functions.Worker.TimerInfo.
using System.Globalization;
using System.Text.Json.Nodes;
using Microsoft.Azure.WebJobs;

namespace MotCua.DevHost.Triggers;

internal static class TimerTriggerInput
{
    /// <returns>
    /// <c>{"Schedule":{"AdjustForDST":true},"ScheduleStatus":{"Last":…,"Next":…,"LastUpdated":…},"IsPastDue":false}</c>;
    /// ScheduleStatus is null when the timer does not use the schedule monitor. Times are in the timer's zone, as in Azure,
    /// where the process's local zone is WEBSITE_TIME_ZONE.
    /// </returns>
    public static JsonNode Value(TimerInfo timer, TimeZoneInfo timeZone) => new JsonObject
    {
        ["Schedule"] = new JsonObject { ["AdjustForDST"] = true },
        ["ScheduleStatus"] = timer.ScheduleStatus is { } status
            ? new JsonObject
            {
                ["Last"] = IsoTime.Format(status.Last, timeZone),
                ["Next"] = IsoTime.Format(status.Next, timeZone),
                ["LastUpdated"] = IsoTime.Format(status.LastUpdated, timeZone),
            }
            : null,
        ["IsPastDue"] = timer.IsPastDue,
    };

    /// <summary>The timer extension's one binding datum: the time it fired, as DateTime.Now.ToString() in the host's zone.</summary>
    public static IReadOnlyDictionary<string, object> Metadata(TimeZoneInfo timeZone) => new Dictionary<string, object>
    {
        ["TimerTrigger"] = TimeZoneInfo.ConvertTime(DateTime.UtcNow, timeZone).ToString(CultureInfo.CurrentCulture),
    };
}
