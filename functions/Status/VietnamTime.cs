namespace MotCua.Status;

/// <summary>Times shown to citizens and agencies are Vietnam time (UTC+7, no daylight saving), with their offset.</summary>
public static class VietnamTime
{
    public static readonly TimeZoneInfo Zone = TimeZoneInfo.FindSystemTimeZoneById("Asia/Ho_Chi_Minh");

    public static DateTimeOffset Of(DateTimeOffset instant) => TimeZoneInfo.ConvertTime(instant, Zone);
}
