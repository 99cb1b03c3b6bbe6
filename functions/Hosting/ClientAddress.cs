// The address of the client a request came from: the first X-Forwarded-For entry the host (the Functions host, or the DevHost's
// forwarder) adds, else the connection's own.
using System.Net;

namespace MotCua.Hosting;

internal static class ClientAddress
{
    public static string Of(HttpRequest request) =>
        request.Headers["X-Forwarded-For"].ToString().Split(',')[0].Trim() is { Length: > 0 } forwarded && IPAddress.TryParse(forwarded, out var address)
            ? address.ToString()
            : request.HttpContext.Connection.RemoteIpAddress?.ToString() ?? IPAddress.Loopback.ToString();
}
