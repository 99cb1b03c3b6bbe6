namespace MotCua.DemoPayGate;

/// <summary>Section <c>DemoPayGate</c>: command-line switches below, or environment variables such as <c>DemoPayGate__IpnUrl</c>.</summary>
internal sealed class PayGateOptions
{
    public const string Section = "DemoPayGate";

    public static readonly Dictionary<string, string> Switches = new(StringComparer.Ordinal)
    {
        ["--tmn-code"] = $"{Section}:{nameof(TmnCode)}",
        ["--hash-secret"] = $"{Section}:{nameof(HashSecret)}",
        ["--ipn-url"] = $"{Section}:{nameof(IpnUrl)}",
        ["--listen"] = $"{Section}:{nameof(Listen)}",
        ["--drop-ipn"] = $"{Section}:{nameof(DropIpn)}",
        ["--ipn-retries"] = $"{Section}:{nameof(IpnRetries)}",
        ["--ipn-retry-delay"] = $"{Section}:{nameof(IpnRetryDelay)}",
    };

    /// <summary>The one merchant this gateway knows: <c>Payments__TmnCode</c> in local.settings.sample.json.</summary>
    public string TmnCode { get; set; } = "MOTCUA01";

    /// <summary>That merchant's secret: <c>Payments__HashSecret</c> in local.settings.sample.json.</summary>
    public string HashSecret { get; set; } = "MOTCUADEMOSECRETKEY0123456789ABC";

    /// <summary>The merchant's IPN endpoint, registered here as at VNPay's merchant admin (decision 0011), not sent per payment.</summary>
    public Uri IpnUrl { get; set; } = new("http://localhost:7071/api/payments/vnpay/ipn");

    /// <summary>Where this program listens: <c>Payments__GatewayUrl</c> and <c>Payments__ApiUrl</c> point here.</summary>
    public Uri Listen { get; set; } = new("http://127.0.0.1:7073");

    /// <summary>Record payments without calling the IPN, as if every IPN were lost, so the portal's reconciliation has work.</summary>
    public bool DropIpn { get; set; }

    /// <summary>Tries after the first when the IPN is not confirmed (<c>RspCode</c> other than 00 or 02, an error, a timeout).</summary>
    public int IpnRetries { get; set; } = 3;

    public TimeSpan IpnRetryDelay { get; set; } = TimeSpan.FromSeconds(2);
}
