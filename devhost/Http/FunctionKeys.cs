using System.Security.Cryptography;
using System.Text;

namespace MotCua.DevHost.Http;

/// <summary>An HTTP function's auth level, from its trigger binding's <c>authLevel</c>.</summary>
internal enum AuthLevel
{
    Anonymous,
    Function,
    Admin,
}

/// <summary>The keys for auth levels <c>function</c> and <c>admin</c> (settings FunctionKeys:Default, FunctionKeys:Admin).</summary>
internal sealed class FunctionKeysOptions
{
    public string Default { get; set; } = "";

    public string Admin { get; set; } = "";
}

/// <summary>Checks a request's key the way the host does: <c>x-functions-key</c> header or <c>code</c> query.</summary>
internal static class FunctionKeys
{
    public static bool Allows(HttpRequest request, AuthLevel level, FunctionKeysOptions keys)
    {
        if (level == AuthLevel.Anonymous)
        {
            return true;
        }

        string? presented = request.Headers["x-functions-key"].FirstOrDefault() ?? request.Query["code"].FirstOrDefault();
        if (string.IsNullOrEmpty(presented))
        {
            return false;
        }

        // The admin (master) key opens every level, as in Azure.
        return Matches(presented, keys.Admin) || (level == AuthLevel.Function && Matches(presented, keys.Default));
    }

    public static IResult Refusal() => Problems.Status(StatusCodes.Status401Unauthorized, "Thiếu hoặc sai khóa truy cập (x-functions-key).");

    private static bool Matches(string presented, string configured) =>
        configured.Length > 0
        && CryptographicOperations.FixedTimeEquals(Encoding.UTF8.GetBytes(presented), Encoding.UTF8.GetBytes(configured));
}
