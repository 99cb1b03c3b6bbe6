// GET /api/payments/vnpay/return: the citizen's browser comes back from the gateway. The parameters are verified but change
// nothing (only the IPN does); the citizen is sent to the tracking page, which shows the payment's real state.
using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.Azure.Functions.Worker;
using Microsoft.Extensions.Options;
using MotCua.Hosting;

namespace MotCua.Payments;

internal sealed class PaymentReturn(IOptions<PaymentsOptions> options, ILogger<PaymentReturn> logger)
{
    [Function(nameof(PaymentReturn))]
    public Results<RedirectHttpResult, ProblemHttpResult> Run(
        [HttpTrigger(AuthorizationLevel.Anonymous, "get", Route = "payments/vnpay/return")] HttpRequest request)
    {
        var callback = GatewayCallback.Read(request.Query, request.QueryString.Value);
        if (callback is null || !callback.IsSignedFor(options.Value) || PaymentRefs.Parse(callback["vnp_TxnRef"]) is not var (dossierId, paymentId))
        {
            logger.LogWarning("Refused a return from the gateway with a bad signature");
            return Problems.Status(StatusCodes.Status400BadRequest, "Thông tin trả về từ cổng thanh toán không hợp lệ.");
        }

        return TypedResults.Redirect(TrackingPage(options.Value, dossierId, paymentId, callback.ReportsPaid ? "paid" : "failed"));
    }

    /// <summary>The tracking page for the dossier, naming the payment and what the gateway told the browser (the page reads the real state).</summary>
    internal static string TrackingPage(PaymentsOptions options, string dossierId, string paymentId, string outcome)
    {
        // On Linux "/track.html" parses as an absolute file: URI, so only a web address counts as absolute.
        var page = Uri.TryCreate(options.TrackingPage, UriKind.Absolute, out var absolute) && absolute.Scheme is "http" or "https"
            ? absolute
            : new Uri(options.ReturnUrl!, options.TrackingPage);
        return $"{page.GetLeftPart(UriPartial.Path)}?id={Uri.EscapeDataString(dossierId)}&payment={Uri.EscapeDataString(paymentId)}&gateway={outcome}";
    }
}
