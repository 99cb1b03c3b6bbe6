// Who a request came from, for the rate limits and the gateway's vnp_IpAddr. The host in front of the worker (the Functions host,
// or the DevHost) sets X-Forwarded-For to the address that connected to it, replacing any the caller sent, and the worker's ASP.NET
// Core integration takes that as the connection's remote address (it trusts loopback, where the host is). That address is the
// client, unless it is a proxy configured as trusted (RateLimits__TrustedProxies): then the client is the one address that proxy
// put in RateLimits__ClientAddressHeader (Front Door: X-Azure-SocketIP). A header the client sets itself counts for nothing.
using System.Net;
using System.Net.Sockets;
using Microsoft.Extensions.Options;
using Microsoft.Extensions.Primitives;

namespace MotCua.Hosting;

internal sealed class ClientAddress(IOptions<RateLimitsOptions> options)
{
    public IPAddress Of(HttpRequest request)
    {
        var peer = Plain(request.HttpContext.Connection.RemoteIpAddress ?? IPAddress.Loopback);
        var settings = options.Value;
        return settings.TrustedProxies.Contains(peer) && Single(request.Headers[settings.ClientAddressHeader]) is { } client ? client : peer;
    }

    /// <summary>
    /// What the limits count a client by: its IPv4 address, or the /64 its IPv6 address is in (a subscriber's usual allocation,
    /// whose 2^64 addresses it can change between at will).
    /// </summary>
    public static string PartitionOf(IPAddress address)
    {
        if (address.AddressFamily != AddressFamily.InterNetworkV6)
        {
            return address.ToString();
        }

        var bytes = address.GetAddressBytes();
        Array.Clear(bytes, 8, 8);
        return $"{new IPAddress(bytes)}/64";
    }

    /// <summary>The address in a header that holds exactly one (a port after it is ignored); null for none, several, or anything else.</summary>
    private static IPAddress? Single(StringValues values) =>
        values.Count == 1 && IPEndPoint.TryParse(values[0]?.Trim() ?? "", out var endPoint) ? Plain(endPoint.Address) : null;

    private static IPAddress Plain(IPAddress address) => address.IsIPv4MappedToIPv6 ? address.MapToIPv4() : address;
}
