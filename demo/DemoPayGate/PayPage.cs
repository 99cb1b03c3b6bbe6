// The customer's side: GET /paymentv2/vpcpay.html shows the payment page for a signed pay request; its form posts to
// POST /paymentv2/pay, which checks the signed query again (the hidden field proves nothing by itself).
using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.Extensions.Options;

namespace MotCua.DemoPayGate;

internal static class PayPage
{
    private const string Html = "text/html; charset=utf-8";

    public static void MapPayPage(this IEndpointRouteBuilder app)
    {
        app.MapGet("/paymentv2/vpcpay.html", Show);
        app.MapPost("/paymentv2/pay", FinishAsync);
    }

    private static ContentHttpResult Show(HttpRequest request, Transactions transactions, IOptions<PayGateOptions> options, TimeProvider clock,
        ILoggerFactory loggers)
    {
        var query = request.QueryString.HasValue ? request.QueryString.Value![1..] : "";
        if (!PayRequest.TryRead(query, options.Value, transactions, clock.GetUtcNow(), out var order, out var refusal))
        {
            return Refuse(refusal, loggers);
        }

        transactions.Shown(new Transaction(order.TxnRef, order.Amount, order.OrderInfo, order.CreateDate, Transaction.NotFinished));
        loggers.CreateLogger(typeof(PayPage)).LogInformation("Showed the payment page of {TxnRef}: {Amount} VND, expires {ExpiresAt}",
            order.TxnRef, order.Amount / 100, VietnamTime.ToProtocol(order.ExpiresAt));
        return TypedResults.Content(PayPageHtml.Payment(order), Html);
    }

    private static async Task<Results<RedirectHttpResult, ContentHttpResult>> FinishAsync(HttpRequest request, Transactions transactions, Cashier cashier,
        IOptions<PayGateOptions> options, TimeProvider clock, ILoggerFactory loggers)
    {
        var form = request.HasFormContentType ? await request.ReadFormAsync(request.HttpContext.RequestAborted) : FormCollection.Empty;
        string action = form["action"].ToString(), bank = form["bank"].ToString();
        if (!PayRequest.TryRead(form["query"].ToString(), options.Value, transactions, clock.GetUtcNow(), out var order, out var refusal))
        {
            return Refuse(refusal, loggers);
        }

        if (action is not ("pay" or "cancel") || !Banks.IsKnown(bank))
        {
            return Refuse(new("Giao dịch không hợp lệ", "Vui lòng chọn một ngân hàng trong danh sách rồi bấm Thanh toán hoặc Hủy."), loggers);
        }

        return await cashier.FinishAsync(order, bank, paid: action == "pay") is { } returnUrl
            ? TypedResults.Redirect(returnUrl.OriginalString)
            : Refuse(new("Giao dịch không hợp lệ", "Giao dịch này vừa được xử lý ở một cửa sổ khác."), loggers);
    }

    private static ContentHttpResult Refuse(Refusal refusal, ILoggerFactory loggers)
    {
        loggers.CreateLogger(typeof(PayPage)).LogWarning("Refused a pay request: {Title}. {Detail}", refusal.Title, refusal.Detail);
        return TypedResults.Content(PayPageHtml.Error(refusal), Html, statusCode: StatusCodes.Status400BadRequest);
    }
}
