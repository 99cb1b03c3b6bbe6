// The settings the triggers read beyond what the WebJobs SDK binds by itself (QueuesOptions from
// AzureFunctionsJobHost:extensions:queues, the AzureWebJobsStorage connection). Disabled functions never reach the
// triggers: the DevHost leaves them out (HostSettings.IsDisabled).
namespace MotCua.DevHost.Triggers;

internal sealed class TriggerSettings(IConfiguration settings)
{
    public const string HostIdSetting = "AzureFunctionsWebHost:hostid";
    public const string TimeZoneSetting = "WEBSITE_TIME_ZONE";
    public const string FunctionTimeoutSetting = "AzureFunctionsJobHost:functionTimeout";

    /// <summary>Shared by every DevHost on a storage account unless set, so a timer runs on one of them (its lock is per host id).</summary>
    public const string DefaultHostId = "motcua";

    public string HostId { get; } = settings[HostIdSetting] is { Length: > 0 } hostId ? hostId : DefaultHostId;

    public TimeZoneInfo TimeZone { get; } = FindTimeZone(settings[TimeZoneSetting]);

    public TimeSpan? FunctionTimeout { get; } = ParseFunctionTimeout(settings[FunctionTimeoutSetting]);

    /// <summary>A whole-string <c>%Setting%</c> is the setting's value, as the WebJobs name resolver reads a schedule.</summary>
    public string Resolve(string value) =>
        value.Length > 2 && value[0] == '%' && value[^1] == '%'
            ? settings[value[1..^1]] ?? throw new InvalidOperationException($"'{value}' names a setting that is not set.")
            : value;

    /// <summary>WEBSITE_TIME_ZONE as a Windows or IANA id; unset means UTC, the zone of Azure's machines.</summary>
    private static TimeZoneInfo FindTimeZone(string? id)
    {
        if (string.IsNullOrWhiteSpace(id))
        {
            return TimeZoneInfo.Utc;
        }

        try
        {
            return TimeZoneInfo.FindSystemTimeZoneById(id);
        }
        catch (TimeZoneNotFoundException ex)
        {
            throw new InvalidOperationException($"{TimeZoneSetting} '{id}' is not a time zone this machine knows (e.g. 'SE Asia Standard Time').", ex);
        }
    }

    /// <summary>host.json functionTimeout; "-1" (or absent) means none.</summary>
    private static TimeSpan? ParseFunctionTimeout(string? value) =>
        TimeSpan.TryParse(value, System.Globalization.CultureInfo.InvariantCulture, out var timeout) && timeout > TimeSpan.Zero ? timeout : null;
}
