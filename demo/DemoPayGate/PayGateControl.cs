namespace MotCua.DemoPayGate;

/// <summary>
/// The IPN settings that may change while the gateway runs: a test learns the portal's address only after the gateway
/// has started, and flips <see cref="DropIpn"/> to simulate lost IPNs. They start as the options say.
/// </summary>
public sealed class PayGateControl
{
    private volatile Uri _ipnUrl;
    private volatile bool _dropIpn;

    internal PayGateControl(PayGateOptions options) => (_ipnUrl, _dropIpn) = (options.IpnUrl, options.DropIpn);

    /// <summary>Where the next payment's IPN goes.</summary>
    public Uri IpnUrl
    {
        get => _ipnUrl;
        set => _ipnUrl = value is { IsAbsoluteUri: true, Scheme: "http" or "https" } ? value : throw new ArgumentException("The IPN URL must be an absolute http(s) URL.", nameof(value));
    }

    /// <summary>When true, payments are recorded and the browser sent back, but no IPN is sent.</summary>
    public bool DropIpn
    {
        get => _dropIpn;
        set => _dropIpn = value;
    }
}
