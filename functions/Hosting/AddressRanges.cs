// A list of IP addresses and CIDR ranges read from one setting (RateLimits__TrustedProxies), such as "10.0.0.0/8, 2001:db8::/32, 203.0.113.7".
using System.ComponentModel;
using System.Net;

namespace MotCua.Hosting;

[TypeConverter(typeof(AddressRangesConverter))]
internal sealed class AddressRanges
{
    private AddressRanges(IPNetwork[] networks) => Networks = networks;

    public static AddressRanges None { get; } = new([]);

    public IReadOnlyList<IPNetwork> Networks { get; }

    /// <summary>Comma-separated addresses (a single host) and ranges in CIDR notation; empty for none.</summary>
    /// <exception cref="FormatException">An entry is neither; the message names it.</exception>
    public static AddressRanges Parse(string text)
    {
        var entries = text.Split(',', StringSplitOptions.TrimEntries | StringSplitOptions.RemoveEmptyEntries);
        var networks = new IPNetwork[entries.Length];
        for (var i = 0; i < entries.Length; i++)
        {
            if (!TryParse(entries[i], out networks[i]))
            {
                throw new FormatException(
                    $"Entry {i + 1} '{entries[i]}' is not an IP address or a CIDR range, such as 203.0.113.7, 10.0.0.0/8 or 2001:db8::/32.");
            }
        }

        return new AddressRanges(networks);
    }

    /// <summary>Whether <paramref name="address"/> (an IPv4 address written as IPv6 counts as IPv4) is in one of the ranges.</summary>
    public bool Contains(IPAddress address)
    {
        var plain = address.IsIPv4MappedToIPv6 ? address.MapToIPv4() : address;
        return Networks.Any(network => network.Contains(plain));
    }

    public override string ToString() => string.Join(',', Networks);

    private static bool TryParse(string entry, out IPNetwork network)
    {
        if (!entry.Contains('/', StringComparison.Ordinal) && IPAddress.TryParse(entry, out var host))
        {
            network = new IPNetwork(host, host.GetAddressBytes().Length * 8);
            return true;
        }

        return IPNetwork.TryParse(entry, out network);
    }
}

/// <summary>Lets the configuration binder read <see cref="AddressRanges"/> from its string form.</summary>
internal sealed class AddressRangesConverter() : TextSettingConverter<AddressRanges>(AddressRanges.Parse);
