// The protocol's times: yyyyMMddHHmmss in Vietnam time (UTC+7 all year, no daylight saving).
using System.Globalization;

namespace MotCua.DemoPayGate;

internal static class VietnamTime
{
    public static readonly TimeSpan Offset = TimeSpan.FromHours(7);

    private const string Format = "yyyyMMddHHmmss";

    public static string ToProtocol(DateTimeOffset time) => time.ToOffset(Offset).ToString(Format, CultureInfo.InvariantCulture);

    public static bool TryParse(string? text, out DateTimeOffset time)
    {
        if (DateTime.TryParseExact(text, Format, CultureInfo.InvariantCulture, DateTimeStyles.None, out var local))
        {
            time = new DateTimeOffset(local, Offset);
            return true;
        }

        time = default;
        return false;
    }
}
