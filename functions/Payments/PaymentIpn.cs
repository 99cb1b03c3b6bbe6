// GET /api/payments/vnpay/ipn: the gateway's server tells the portal how an attempt ended. Always 200 with the protocol's
// {RspCode, Message}, checked in API.md's order: bad signature 97, unknown reference 01, amount differs 04, already settled 02,
// else 00 (settled now). 99 asks the gateway to call again (storage did not answer, the dossier was too busy, or the gateway's
// calls went past their budget: RateLimiting answers that 99 itself, with Retry-After, before this runs).
using System.Text.Json.Serialization;
using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.Azure.Functions.Worker;
using Microsoft.Extensions.Options;
using MotCua.Hosting;

namespace MotCua.Payments;

internal sealed record IpnAnswer([property: JsonPropertyName("RspCode")] string RspCode, [property: JsonPropertyName("Message")] string Message)
{
    public static readonly IpnAnswer BadSignature = new("97", "Invalid signature");
    public static readonly IpnAnswer NotFound = new("01", "Order not found");
    public static readonly IpnAnswer WrongAmount = new("04", "Invalid amount");
    public static readonly IpnAnswer AlreadySettled = new("02", "Order already confirmed");
    public static readonly IpnAnswer Confirmed = new("00", "Confirm Success");
    public static readonly IpnAnswer TryAgain = new("99", "Unknown error");

    /// <summary><see cref="TryAgain"/> as sent, for the rate limit's refusal (an attribute argument must be a constant).</summary>
    public const string TryAgainJson = """{"RspCode":"99","Message":"Unknown error"}""";
}

internal sealed class PaymentIpn(PaymentSettlement settlement, IOptions<PaymentsOptions> options, ILogger<PaymentIpn> logger)
{
    [Function(nameof(PaymentIpn))]
    [RateLimitedPerCaller(RateBudget.GatewayCallbacks, RefusalJson = IpnAnswer.TryAgainJson)]
    public async Task<Ok<IpnAnswer>> Run(
        [HttpTrigger(AuthorizationLevel.Anonymous, "get", Route = "payments/vnpay/ipn")] HttpRequest request, CancellationToken cancellationToken) =>
        TypedResults.Ok(await AnswerAsync(GatewayCallback.Read(request.Query, request.QueryString.Value), cancellationToken));

    private async Task<IpnAnswer> AnswerAsync(GatewayCallback? callback, CancellationToken cancellationToken)
    {
        if (callback is null || !callback.IsSignedFor(options.Value))
        {
            logger.LogWarning("Refused an IPN with a bad signature for {TxnRef}", callback?["vnp_TxnRef"]);
            return IpnAnswer.BadSignature;
        }

        try
        {
            return await settlement.SettleAsync(callback.Report(GatewayReport.Ipn), cancellationToken) switch
            {
                Settlement.Unknown => IpnAnswer.NotFound,
                Settlement.WrongAmount => IpnAnswer.WrongAmount,
                Settlement.AlreadySettled => IpnAnswer.AlreadySettled,
                Settlement.Applied => IpnAnswer.Confirmed,
                _ => IpnAnswer.TryAgain,
            };
        }
        catch (Exception ex) when (StorageOutage.IsStorageError(ex))
        {
            logger.LogError(ex, "Could not settle the IPN for {TxnRef}; the gateway will call again", callback["vnp_TxnRef"]);
            return IpnAnswer.TryAgain;
        }
    }
}
