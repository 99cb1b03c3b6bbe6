using Microsoft.Extensions.Options;
using MotCua.Status;

namespace MotCua.Payments;

internal static class PaymentServices
{
    public static IServiceCollection AddPayments(this IServiceCollection services)
    {
        services.AddOptions<PaymentsOptions>()
            .BindConfiguration(PaymentsOptions.Section)
            .Validate(o => IsWebAddress(o.GatewayUrl), "Payments:GatewayUrl (Payments__GatewayUrl) must be the gateway's absolute http(s) payment URL.")
            .Validate(o => IsWebAddress(o.ApiUrl), "Payments:ApiUrl (Payments__ApiUrl) must be the gateway's absolute http(s) merchant API URL.")
            .Validate(o => IsWebAddress(o.ReturnUrl), "Payments:ReturnUrl (Payments__ReturnUrl) must be the absolute http(s) URL of /api/payments/vnpay/return.")
            .Validate(o => o.TrackingPage.StartsWith('/') || Uri.TryCreate(o.TrackingPage, UriKind.Absolute, out var page) && IsWebAddress(page),
                "Payments:TrackingPage (Payments__TrackingPage) must be a path such as /track.html or an absolute http(s) URL.")
            .Validate(o => o.TmnCode is { Length: >= 1 and <= 32 } code && code.All(char.IsAsciiLetterOrDigit),
                "Payments:TmnCode (Payments__TmnCode) must be the merchant code the gateway gave: 1–32 letters or digits.")
            .Validate(o => o.HashSecret.Length >= 16, "Payments:HashSecret (Payments__HashSecret) must be the gateway's hash secret, at least 16 characters.")
            .Validate(o => o.Timeout > TimeSpan.Zero && o.Timeout <= TimeSpan.FromMinutes(2),
                "Payments:Timeout (Payments__Timeout) must be between 00:00:00 (exclusive) and 00:02:00.")
            .ValidateOnStart();
        services.AddHttpClient(nameof(GatewayClient))
            .ConfigureHttpClient((provider, client) => client.Timeout = provider.GetRequiredService<IOptions<PaymentsOptions>>().Value.Timeout)
            .ConfigurePrimaryHttpMessageHandler(() => new SocketsHttpHandler { AllowAutoRedirect = false, UseCookies = false });
        services.AddSingleton<GatewayClient>();
        services.AddSingleton<PaymentIndex>();
        services.AddSingleton<PaymentSettlement>();
        services.AddSingleton<PaymentReconciliation>();
        services.AddSingleton<Checkout>();
        services.AddSingleton<IAgencyEventHandler, PaymentRequestedHandler>();
        return services;
    }

    private static bool IsWebAddress(Uri? uri) => uri is { IsAbsoluteUri: true, Scheme: "http" or "https" };
}
