// Issue 15 end to end with the demo gateway (the real protocol's other side) in the test process: pay on its page, the IPN and
// the return; a lost IPN found by ReconcilePayments (querydr) or by the next checkout; an unpaid checkout expiring; a refund.
using System.Net;
using Microsoft.Extensions.DependencyInjection;
using MotCua.Tests.Infrastructure;

namespace MotCua.Tests.Payments;

public sealed class GatewayJourneyTests(Azurite azurite) : IClassFixture<Azurite>
{
    private const string Roads = "bxd-cucduongbo";

    private static async Task<Portal> StartAsync(Azurite azurite, TestPayGate gate, SetClock? clock = null)
    {
        var portal = clock is null
            ? await Portal.StartAsync(azurite, gate.PortalSettings)
            : await Portal.StartAsync(azurite, gate.PortalSettings, configure: b => b.Services.AddSingleton<TimeProvider>(clock));
        gate.IpnUrl = new Uri(portal.App.BaseAddress, "/api/payments/vnpay/ipn");
        return portal;
    }

    private static async Task<string> StatusAsync(Portal portal, Submitted submitted) =>
        (await portal.GetDossierAsync(submitted.Id, submitted.AccessKey)).Body!["status"]!.GetValue<string>();

    private static async Task<string> PaymentStatusAsync(Portal portal, Submitted submitted) =>
        (await PaymentFlow.PaymentAsync(portal, submitted, PaymentFlow.FirstPaymentId(submitted)))["status"]!.GetValue<string>();

    /// <summary>Runs ReconcilePayments now, as ops can through the host (it runs after the 202).</summary>
    private static async Task RunReconcileAsync(Portal portal)
    {
        using var response = await portal.Client.SendAsync(HttpMethod.Post, "/admin/functions/ReconcilePayments", new { }, functionKey: FunctionApp.AdminKey);
        Assert.Equal(HttpStatusCode.Accepted, response.StatusCode);
    }

    [Fact]
    public async Task Paying_on_the_gateways_page_settles_by_ipn_returns_the_citizen_to_tracking_and_forwards_the_dossier()
    {
        await using var gate = await TestPayGate.StartAsync();
        await using var agency = await TestAgency.StartAsync();
        await using var portal = await StartAsync(azurite, gate);
        await portal.RegisterAsync(agency, Roads);
        var submitted = await portal.SubmitMultipartAsync(Samples.Licence(), Samples.LicenceFiles());

        var back = await gate.PayAsync(new Uri(await PaymentFlow.PayUrlAsync(portal, submitted)));

        Assert.StartsWith(new Uri(portal.App.BaseAddress, "/api/payments/vnpay/return?").AbsoluteUri, back.AbsoluteUri, StringComparison.Ordinal);
        using var noRedirects = new HttpClient(new HttpClientHandler { AllowAutoRedirect = false });
        using var tracking = await noRedirects.GetAsync(back);
        Assert.Equal(HttpStatusCode.Redirect, tracking.StatusCode);
        Assert.Contains($"/track.html?id={submitted.Id}&payment={PaymentFlow.FirstPaymentId(submitted)}&gateway=paid", tracking.Headers.Location!.AbsoluteUri,
            StringComparison.Ordinal);
        Assert.Equal("paid", await PaymentStatusAsync(portal, submitted));
        var webhook = await agency.WaitForAsync(w => w.Type == "dossier.submitted" && w.Data["dossierId"]?.GetValue<string>() == submitted.Id);
        var transactionNo = webhook.Data["payments"]![0]!["gatewayTransactionNo"]!.GetValue<string>();
        var dossier = await portal.WaitForDossierAsync(submitted.Id, submitted.AccessKey, d => d["status"]!.GetValue<string>() == "forwarded");

        var paid = dossier["payments"]![0]!;
        using var receipt = await portal.Client.SendAsync(HttpMethod.Get, paid["receiptUrl"]!.GetValue<string>(), accessKey: submitted.AccessKey);
        Assert.Equal("application/pdf", receipt.Content.Headers.ContentType!.MediaType);
        var text = ReceiptPdfTests.Text(await receipt.Content.ReadAsByteArrayAsync());
        var paidAt = paid["paidAt"]!.GetValue<DateTimeOffset>();
        Assert.All(["BIÊN LAI", submitted.Id, "Đổi giấy phép lái xe", "Nguyễn Văn An", "135.000 đồng", "Một trăm ba mươi lăm nghìn đồng", transactionNo,
                paidAt.ToString("dd/MM/yyyy HH:mm:ss", System.Globalization.CultureInfo.InvariantCulture), "Cục Đường bộ Việt Nam"],
            expected => Assert.Contains(expected, text, StringComparison.Ordinal));
        Assert.EndsWith("+07:00", paid["paidAt"]!.GetValue<string>(), StringComparison.Ordinal);
    }

    [Fact]
    public async Task A_payment_whose_ipn_was_lost_is_found_by_reconciliation_after_its_expiry_and_settled_once()
    {
        var clock = new SetClock(DateTimeOffset.UtcNow);
        await using var gate = await TestPayGate.StartAsync();
        await using var portal = await StartAsync(azurite, gate, clock);
        var submitted = await portal.SubmitMultipartAsync(Samples.Licence(), Samples.LicenceFiles());
        gate.DropIpn = true;
        await gate.PayAsync(new Uri(await PaymentFlow.PayUrlAsync(portal, submitted)));

        await RunReconcileAsync(portal);
        Assert.Equal("pending", await PaymentStatusAsync(portal, submitted)); // not yet past its expiry: nobody asks
        clock.Advance(TimeSpan.FromMinutes(16));
        await RunReconcileAsync(portal);

        await Poll.UntilAsync(() => PaymentStatusAsync(portal, submitted), status => status == "paid", TimeSpan.FromSeconds(20),
            status => $"the payment stayed {status}");
        Assert.Contains(await portal.RowsAsync(submitted.Id, "callback|"), r => r.GetString("Source") == "querydr");
        Assert.Equal("received", (await portal.GetDossierAsync(submitted.Id, submitted.AccessKey)).Body!["history"]![1]!["status"]!.GetValue<string>());
        Assert.Single(await portal.RowsAsync(submitted.Id, "event|"));
    }

    [Fact]
    public async Task A_new_checkout_after_a_lost_ipn_asks_the_gateway_first_and_never_charges_twice()
    {
        var clock = new SetClock(DateTimeOffset.UtcNow);
        await using var gate = await TestPayGate.StartAsync();
        await using var portal = await StartAsync(azurite, gate, clock);
        var submitted = await portal.SubmitMultipartAsync(Samples.Licence(), Samples.LicenceFiles());
        gate.DropIpn = true;
        await gate.PayAsync(new Uri(await PaymentFlow.PayUrlAsync(portal, submitted)));
        clock.Advance(TimeSpan.FromMinutes(16));

        var (again, _) = await PaymentFlow.CheckoutAsync(portal, submitted, PaymentFlow.FirstPaymentId(submitted));

        Assert.Equal(HttpStatusCode.Conflict, again.StatusCode);
        Assert.Equal("paid", await PaymentStatusAsync(portal, submitted));
        Assert.Single(await portal.RowsAsync(submitted.Id, "txn|"));
    }

    [Fact]
    public async Task An_unpaid_checkout_expires_at_reconciliation_and_the_next_checkout_opens_a_new_attempt()
    {
        var clock = new SetClock(DateTimeOffset.UtcNow);
        await using var gate = await TestPayGate.StartAsync();
        await using var portal = await StartAsync(azurite, gate, clock);
        var submitted = await portal.SubmitMultipartAsync(Samples.Licence(), Samples.LicenceFiles());
        var first = await PaymentFlow.PayUrlAsync(portal, submitted);
        clock.Advance(TimeSpan.FromMinutes(16));

        await RunReconcileAsync(portal);
        await Poll.UntilAsync(() => PaymentStatusAsync(portal, submitted), status => status == "expired", TimeSpan.FromSeconds(20),
            status => $"the payment stayed {status}");
        var second = await PaymentFlow.PayUrlAsync(portal, submitted);

        Assert.NotEqual(TestVnpay.Parameters(new Uri(first).Query)["vnp_TxnRef"], TestVnpay.Parameters(new Uri(second).Query)["vnp_TxnRef"]);
        Assert.Equal("awaiting_payment", await StatusAsync(portal, submitted));
    }

    [Fact]
    public async Task Ops_list_the_days_paid_payments_and_a_refund_goes_through_the_gateway_and_is_announced_once()
    {
        await using var gate = await TestPayGate.StartAsync();
        await using var agency = await TestAgency.StartAsync();
        await using var portal = await StartAsync(azurite, gate);
        await portal.RegisterAsync(agency, Roads);
        var submitted = await portal.SubmitMultipartAsync(Samples.Licence(), Samples.LicenceFiles());
        var paymentId = PaymentFlow.FirstPaymentId(submitted);
        var before = await FeesAsync(portal);
        await gate.PayAsync(new Uri(await PaymentFlow.PayUrlAsync(portal, submitted)));
        await portal.WaitForDossierAsync(submitted.Id, submitted.AccessKey, d => d["status"]!.GetValue<string>() == "forwarded");
        Assert.Equal(before with { Total = before.Total + 135000, Licence = before.Licence + 135000, Roads = before.Roads + 135000 },
            await FeesAsync(portal));

        using var paidList = await portal.Client.SendAsync(HttpMethod.Get, "/api/ops/payments?state=paid", functionKey: FunctionApp.FunctionKey);
        Assert.Contains(paymentId, await paidList.Content.ReadAsStringAsync(), StringComparison.Ordinal);

        using var refund = await portal.Client.SendAsync(HttpMethod.Post, $"/api/ops/payments/{paymentId}/refund", functionKey: FunctionApp.AdminKey);
        using var twice = await portal.Client.SendAsync(HttpMethod.Post, $"/api/ops/payments/{paymentId}/refund", functionKey: FunctionApp.AdminKey);

        Assert.Equal(HttpStatusCode.OK, refund.StatusCode);
        Assert.Equal(HttpStatusCode.Conflict, twice.StatusCode);
        Assert.Equal("refunded", await PaymentStatusAsync(portal, submitted));
        var refunded = await agency.WaitForAsync(w => w.Type == "dossier.payment_refunded" && w.Data["dossierId"]?.GetValue<string>() == submitted.Id);
        Assert.Equal((paymentId, 135000L), (refunded.Data["paymentId"]!.GetValue<string>(), refunded.Data["amountVnd"]!.GetValue<long>()));
        using var refundedList = await portal.Client.SendAsync(HttpMethod.Get, "/api/ops/payments?state=refunded", functionKey: FunctionApp.FunctionKey);
        Assert.Contains(paymentId, await refundedList.Content.ReadAsStringAsync(), StringComparison.Ordinal);
        Assert.Equal(before, await FeesAsync(portal));
    }

    private sealed record Fees(long Total, long Licence, long Roads);

    /// <summary>Today's fees in the live stats: in total, for the licence exchange, and for the road administration.</summary>
    private static async Task<Fees> FeesAsync(Portal portal)
    {
        using var response = await portal.Client.SendAsync(HttpMethod.Get, "/api/ops/stats", functionKey: FunctionApp.FunctionKey);
        var today = System.Text.Json.Nodes.JsonNode.Parse(await response.Content.ReadAsStringAsync())!["feesToday"]!;
        static long Of(System.Text.Json.Nodes.JsonNode fees, string list, string key, string code) =>
            fees[list]!.AsArray().FirstOrDefault(f => f![key]!.GetValue<string>() == code)?["amountVnd"]!.GetValue<long>() ?? 0;
        return new Fees(today["totalVnd"]!.GetValue<long>(), Of(today, "byProcedure", "procedureCode", Samples.LicenceExchange),
            Of(today, "byAgency", "agencyId", Roads));
    }
}
