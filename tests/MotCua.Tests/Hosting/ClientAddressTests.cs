// Who the rate limits count a request against: the address that connected to the host, or the one a trusted proxy names in its
// header; never what a client writes about itself.
using System.Net;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.Options;
using MotCua.Hosting;

namespace MotCua.Tests.Hosting;

public sealed class ClientAddressTests
{
    private static readonly ClientAddress Clients = new(Options.Create(new RateLimitsOptions
    {
        TrustedProxies = AddressRanges.Parse("10.0.0.0/8, 2001:db8:f::/48, 192.0.2.1"),
    }));

    [Theory]
    [InlineData("203.0.113.5", null, "203.0.113.5")]
    [InlineData("203.0.113.5", "198.51.100.7", "203.0.113.5")] // not a trusted proxy: its header is the client's own
    [InlineData("10.1.2.3", "198.51.100.7", "198.51.100.7")]
    [InlineData("192.0.2.1", "198.51.100.7:50312", "198.51.100.7")]
    [InlineData("::ffff:10.1.2.3", "2001:db8:1:2::9", "2001:db8:1:2::9")]
    [InlineData("2001:db8:f:1::1", "198.51.100.7", "198.51.100.7")]
    [InlineData("10.1.2.3", null, "10.1.2.3")]
    [InlineData("10.1.2.3", "not-an-address", "10.1.2.3")]
    [InlineData("10.1.2.3", "198.51.100.7, 198.51.100.8", "10.1.2.3")]
    [InlineData("192.0.2.2", "198.51.100.7", "192.0.2.2")]
    public void The_client_is_the_peer_unless_a_trusted_proxy_names_one_address(string peer, string? header, string expected)
    {
        var request = Request(peer);
        if (header is not null)
        {
            request.Headers[RateLimitsOptions.FrontDoorSocketHeader] = header;
        }

        Assert.Equal(IPAddress.Parse(expected), Clients.Of(request));
    }

    [Fact]
    public void Headers_the_host_rewrites_or_the_client_sets_are_not_read()
    {
        var request = Request("10.1.2.3");
        request.Headers["X-Forwarded-For"] = "198.51.100.7";
        request.Headers["X-Azure-ClientIP"] = "198.51.100.8";
        request.Headers["Forwarded"] = "for=198.51.100.9";

        Assert.Equal(IPAddress.Parse("10.1.2.3"), Clients.Of(request));
    }

    [Fact]
    public void Two_values_of_the_header_name_nobody()
    {
        var request = Request("10.1.2.3");
        request.Headers.Append(RateLimitsOptions.FrontDoorSocketHeader, "198.51.100.7");
        request.Headers.Append(RateLimitsOptions.FrontDoorSocketHeader, "198.51.100.8");

        Assert.Equal(IPAddress.Parse("10.1.2.3"), Clients.Of(request));
    }

    [Theory]
    [InlineData("203.0.113.5", "203.0.113.5")]
    [InlineData("2001:db8:1:2:aaaa:bbbb:cccc:dddd", "2001:db8:1:2::/64")]
    [InlineData("2001:db8:1:2::1", "2001:db8:1:2::/64")]
    [InlineData("2001:db8:1:3::1", "2001:db8:1:3::/64")]
    public void An_ipv6_client_is_counted_by_its_64(string address, string partition) =>
        Assert.Equal(partition, ClientAddress.PartitionOf(IPAddress.Parse(address)));

    [Theory]
    [InlineData("10.0.0.0/33")]
    [InlineData("proxy.example.vn")]
    [InlineData("10.0.0.0/8;192.0.2.1")]
    public void A_range_that_is_not_one_is_refused_naming_it(string entry) =>
        Assert.Contains($"'{entry}'", Assert.Throws<FormatException>(() => AddressRanges.Parse($"192.0.2.1, {entry}")).Message, StringComparison.Ordinal);

    [Fact]
    public void No_ranges_contain_nothing()
    {
        Assert.Empty(AddressRanges.Parse(" ").Networks);
        Assert.False(AddressRanges.None.Contains(IPAddress.Loopback));
    }

    private static HttpRequest Request(string peer)
    {
        var http = new DefaultHttpContext();
        http.Connection.RemoteIpAddress = IPAddress.Parse(peer);
        return http.Request;
    }
}
