// Payments__*: the gateway (VNPay 2.1.0 protocol) and where it sends the citizen back. Checked at start.
namespace MotCua.Payments;

internal sealed class PaymentsOptions
{
    public const string Section = "Payments";

    /// <summary>How long a checkout stays payable at the gateway (<c>vnp_ExpireDate</c>), as API.md fixes it.</summary>
    public static readonly TimeSpan CheckoutLifetime = TimeSpan.FromMinutes(15);

    /// <summary>The gateway's payment page, where the signed pay URL points.</summary>
    public Uri? GatewayUrl { get; set; }

    /// <summary>The gateway's merchant API, for querydr and refund.</summary>
    public Uri? ApiUrl { get; set; }

    /// <summary>The portal's <c>/api/payments/vnpay/return</c> as the citizen's browser reaches it.</summary>
    public Uri? ReturnUrl { get; set; }

    /// <summary>The tracking page the return redirects to; relative to the return URL's site unless absolute.</summary>
    public string TrackingPage { get; set; } = "/track.html";

    public string TmnCode { get; set; } = "";

    public string HashSecret { get; set; } = "";

    /// <summary>How long a call to the gateway's API may take.</summary>
    public TimeSpan Timeout { get; set; } = TimeSpan.FromSeconds(30);
}
