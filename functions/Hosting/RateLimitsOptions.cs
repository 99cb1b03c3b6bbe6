// Section "RateLimits": how many requests a client, an agency or the payment gateway may make in a window, and which proxy may
// say who the client is. Checked at start. Why these defaults, and what they do across instances: docs/decisions/0017.
namespace MotCua.Hosting;

/// <summary>What a request is counted against.</summary>
internal enum RateBudget
{
    /// <summary>An anonymous write (submission, supplement, withdrawal, rating, feedback, visit, checkout), per client and endpoint.</summary>
    Writes,

    /// <summary>An answer 401 or 404 (a wrong access key, an unknown id or token, a bad bearer token), per client over every endpoint.</summary>
    FailedLookups,

    /// <summary>An agency's signed events, per agency whatever address they come from.</summary>
    AgencyCallbacks,

    /// <summary>The payment gateway's IPN, for the gateway as a whole.</summary>
    GatewayCallbacks,
}

internal sealed class RateLimitsOptions
{
    public const string Section = "RateLimits";

    /// <summary>Front Door's header for the address of the TCP connection it took the request on (X-Azure-ClientIP is the client's to set).</summary>
    public const string FrontDoorSocketHeader = "X-Azure-SocketIP";

    public RateBudgetOptions Writes { get; set; } = new() { PermitLimit = 60 };

    public RateBudgetOptions FailedLookups { get; set; } = new() { PermitLimit = 30 };

    public RateBudgetOptions AgencyCallbacks { get; set; } = new() { PermitLimit = 600 };

    public RateBudgetOptions GatewayCallbacks { get; set; } = new() { PermitLimit = 600 };

    /// <summary>
    /// The proxies in front of the host whose <see cref="ClientAddressHeader"/> names the client: bound from one comma-separated
    /// string of addresses and CIDR ranges (<c>RateLimits__TrustedProxies</c>). None by default: the client is the address that
    /// connected to the host.
    /// </summary>
    public AddressRanges TrustedProxies { get; set; } = AddressRanges.None;

    /// <summary>The header a trusted proxy sets to the one address it took the request from.</summary>
    public string ClientAddressHeader { get; set; } = FrontDoorSocketHeader;

    public RateBudgetOptions Of(RateBudget budget) => budget switch
    {
        RateBudget.Writes => Writes,
        RateBudget.FailedLookups => FailedLookups,
        RateBudget.AgencyCallbacks => AgencyCallbacks,
        RateBudget.GatewayCallbacks => GatewayCallbacks,
        _ => throw new ArgumentOutOfRangeException(nameof(budget)),
    };
}

/// <summary>At most <see cref="PermitLimit"/> requests in each <see cref="Window"/>.</summary>
internal sealed class RateBudgetOptions
{
    public static readonly TimeSpan MinWindow = TimeSpan.FromSeconds(1);

    public static readonly TimeSpan MaxWindow = TimeSpan.FromDays(1);

    public int PermitLimit { get; set; }

    public TimeSpan Window { get; set; } = TimeSpan.FromMinutes(1);
}
