// Issue 15: level-4 fees through the DevHost and the real worker against Azurite, with the test playing the gateway's server
// (TestVnpay signs its callbacks as the protocol says).
using System.Net;
using System.Text.Json.Nodes;
using Azure.Data.Tables;
using Microsoft.Extensions.DependencyInjection;
using MotCua.Tests.Infrastructure;

namespace MotCua.Tests.Payments;

public sealed class PaymentsTests(Azurite azurite) : IClassFixture<Azurite>
{
    private const string Roads = "bxd-cucduongbo";
    private const string Hanoi = "evn-hanoi";

    private static string Status(JsonNode dossier) => dossier["status"]!.GetValue<string>();

    [Fact]
    public async Task A_level_4_dossier_waits_for_its_fee_and_is_forwarded_once_paid_listing_the_payment()
    {
        await using var agency = await TestAgency.StartAsync();
        await using var portal = await Portal.StartAsync(azurite);
        await portal.RegisterAsync(agency, Roads);

        var submitted = await portal.SubmitMultipartAsync(Samples.Licence(), Samples.LicenceFiles());

        Assert.Equal(HttpStatusCode.Created, submitted.Response.StatusCode);
        Assert.Equal("awaiting_payment", submitted.Body!["status"]!.GetValue<string>());
        var payment = Assert.Single(submitted.Body["payments"]!.AsArray())!;
        Assert.Equal((135000, "Lệ phí", "pending"),
            (payment["amountVnd"]!.GetValue<long>(), payment["reason"]!.GetValue<string>(), payment["status"]!.GetValue<string>()));
        Assert.Empty(await portal.RowsAsync(submitted.Id, "event|"));

        var payUrl = await PaymentFlow.PayUrlAsync(portal, submitted);
        Assert.Equal(payUrl, await PaymentFlow.PayUrlAsync(portal, submitted));
        Assert.Equal("00", await PaymentFlow.IpnAsync(portal, TestVnpay.Callback(payUrl, transactionNo: "14422574")));

        var webhook = await agency.WaitForAsync(w => w.Type == "dossier.submitted" && w.Data["dossierId"]?.GetValue<string>() == submitted.Id);
        var listed = Assert.Single(webhook.Data["payments"]!.AsArray())!;
        Assert.Equal((PaymentFlow.FirstPaymentId(submitted), 135000L, "14422574"),
            (listed["paymentId"]!.GetValue<string>(), listed["amountVnd"]!.GetValue<long>(), listed["gatewayTransactionNo"]!.GetValue<string>()));
        Assert.Equal(3, webhook.Data["attachments"]!.AsArray().Count);
        var dossier = await portal.WaitForDossierAsync(submitted.Id, submitted.AccessKey, d => Status(d) == "forwarded");
        Assert.Equal(["awaiting_payment", "received", "forwarded"], dossier["history"]!.AsArray().Select(h => h!["status"]!.GetValue<string>()));
        Assert.Contains("135.000 đồng", dossier["history"]![1]!["note"]!.GetValue<string>(), StringComparison.Ordinal);
        var paid = dossier["payments"]![0]!;
        Assert.Equal("paid", paid["status"]!.GetValue<string>());
        Assert.Equal($"/api/dossiers/{submitted.Id}/payments/{PaymentFlow.FirstPaymentId(submitted)}/receipt", paid["receiptUrl"]!.GetValue<string>());
    }

    [Fact]
    public async Task The_processing_time_starts_when_the_fee_is_paid_and_only_then_does_the_dossier_fall_due()
    {
        var clock = new SetClock(new DateTimeOffset(2026, 12, 7, 2, 0, 0, TimeSpan.Zero)); // Monday 09:00 in Hà Nội
        await using var agency = await TestAgency.StartAsync();
        await using var portal = await Portal.StartAsync(azurite, configure: b => b.Services.AddSingleton<TimeProvider>(clock));
        await portal.RegisterAsync(agency, Roads);
        var submitted = await portal.SubmitMultipartAsync(Samples.Licence(), Samples.LicenceFiles());
        var provisional = submitted.Body!["dueAt"]!.GetValue<DateTimeOffset>();
        Assert.Empty(await DueRowsAsync(portal, submitted.Id));

        clock.Advance(TimeSpan.FromDays(3)); // paid on Thursday
        Assert.Equal("00", await PaymentFlow.IpnAsync(portal, TestVnpay.Callback(await PaymentFlow.PayUrlAsync(portal, submitted))));

        var webhook = await agency.WaitForAsync(w => w.Type == "dossier.submitted" && w.Data["dossierId"]?.GetValue<string>() == submitted.Id);
        var dueAt = webhook.Data["dueAt"]!.GetValue<DateTimeOffset>();
        Assert.Equal(provisional.AddDays(3), dueAt); // five working days from Thursday: the next Thursday, 17:00
        Assert.Equal(dueAt, (await portal.GetDossierAsync(submitted.Id, submitted.AccessKey)).Body!["dueAt"]!.GetValue<DateTimeOffset>());
        Assert.Equal([$"due|{dueAt:yyyy-MM-dd}"], await DueRowsAsync(portal, submitted.Id));
    }

    /// <summary>The due-date index partitions listing the dossier (what the overdue sweep reads).</summary>
    private static async Task<List<string>> DueRowsAsync(Portal portal, string dossierId) =>
        await portal.Tables.GetTableClient("Indexes").QueryAsync<TableEntity>(e => e.RowKey.CompareTo(dossierId) > 0 && e.RowKey.CompareTo(dossierId + "~") < 0)
            .Where(e => e.PartitionKey.StartsWith("due|", StringComparison.Ordinal)).Select(e => e.PartitionKey).ToListAsync();

    [Fact]
    public async Task The_same_ipn_eight_times_at_once_settles_once_and_a_paid_payment_is_never_checked_out_or_moved_back()
    {
        await using var portal = await Portal.StartAsync(azurite);
        var submitted = await portal.SubmitMultipartAsync(Samples.Licence(), Samples.LicenceFiles());
        var payUrl = await PaymentFlow.PayUrlAsync(portal, submitted);
        var ipn = TestVnpay.Callback(payUrl);

        var answers = await Task.WhenAll(Enumerable.Range(0, 8).Select(_ => PaymentFlow.IpnAsync(portal, ipn)));

        Assert.Single(answers, a => a == "00");
        Assert.Equal(7, answers.Count(a => a == "02"));
        Assert.Equal("02", await PaymentFlow.IpnAsync(portal, TestVnpay.Callback(payUrl, "24", "02", "0")));
        Assert.Single(await portal.RowsAsync(submitted.Id, "event|"));
        Assert.Equal(9, (await portal.RowsAsync(submitted.Id, "callback|")).Count);
        var (checkout, _) = await PaymentFlow.CheckoutAsync(portal, submitted, PaymentFlow.FirstPaymentId(submitted));
        Assert.Equal(HttpStatusCode.Conflict, checkout.StatusCode);
        Assert.Equal("paid", (await PaymentFlow.PaymentAsync(portal, submitted, PaymentFlow.FirstPaymentId(submitted)))["status"]!.GetValue<string>());
    }

    [Fact]
    public async Task The_ipn_answers_in_the_protocols_order_and_only_a_valid_known_exact_open_report_changes_anything()
    {
        await using var portal = await Portal.StartAsync(azurite);
        var submitted = await portal.SubmitMultipartAsync(Samples.Licence(), Samples.LicenceFiles());
        var payUrl = await PaymentFlow.PayUrlAsync(portal, submitted);
        static void Unknown(Dictionary<string, string> p) => p["vnp_TxnRef"] = "HS-ABCDEFGHJKMN-TT01-01";
        var before = await portal.PartitionAsync(submitted.Id);

        // Each answer is the first check that fails: a bad signature before an unknown reference before a wrong amount.
        Assert.Equal("97", await PaymentFlow.IpnAsync(portal, TestVnpay.Callback(payUrl, amountTimes100: 1, secret: "forged-secret-of-some-length", change: Unknown)));
        Assert.Equal("97", await PaymentFlow.IpnAsync(portal, TestVnpay.Callback(payUrl).Replace("vnp_Amount=13500000", "vnp_Amount=100", StringComparison.Ordinal)));
        Assert.Equal("01", await PaymentFlow.IpnAsync(portal, TestVnpay.Callback(payUrl, amountTimes100: 1, change: Unknown)));
        Assert.Equal("04", await PaymentFlow.IpnAsync(portal, TestVnpay.Callback(payUrl, amountTimes100: 100)));
        Assert.Equal("97", await PaymentFlow.IpnAsync(portal, "vnp_TxnRef=x"));

        var after = await portal.PartitionAsync(submitted.Id);
        Assert.Equal(before.Where(r => !r.Key.StartsWith("callback|", StringComparison.Ordinal)),
            after.Where(r => !r.Key.StartsWith("callback|", StringComparison.Ordinal)));
        Assert.Single(after, r => r.Key.StartsWith("callback|", StringComparison.Ordinal)); // the wrong amount, from the real gateway's key, is kept
        Assert.Equal("00", await PaymentFlow.IpnAsync(portal, TestVnpay.Callback(payUrl)));
        Assert.Equal("02", await PaymentFlow.IpnAsync(portal, TestVnpay.Callback(payUrl, amountTimes100: 100 * 135000)));
    }

    [Fact]
    public async Task A_failed_payment_can_be_checked_out_again_under_a_new_reference()
    {
        await using var portal = await Portal.StartAsync(azurite);
        var submitted = await portal.SubmitMultipartAsync(Samples.Licence(), Samples.LicenceFiles());
        var paymentId = PaymentFlow.FirstPaymentId(submitted);
        var first = await PaymentFlow.PayUrlAsync(portal, submitted);

        Assert.Equal("00", await PaymentFlow.IpnAsync(portal, TestVnpay.Callback(first, "24", "02", "0")));
        Assert.Equal("failed", (await PaymentFlow.PaymentAsync(portal, submitted, paymentId))["status"]!.GetValue<string>());
        var second = await PaymentFlow.PayUrlAsync(portal, submitted);

        Assert.Equal($"{paymentId}-01", TestVnpay.Parameters(new Uri(first).Query)["vnp_TxnRef"]);
        Assert.Equal($"{paymentId}-02", TestVnpay.Parameters(new Uri(second).Query)["vnp_TxnRef"]);
        Assert.Equal("pending", (await PaymentFlow.PaymentAsync(portal, submitted, paymentId))["status"]!.GetValue<string>());
        Assert.Equal("00", await PaymentFlow.IpnAsync(portal, TestVnpay.Callback(second)));
        Assert.Equal("paid", (await PaymentFlow.PaymentAsync(portal, submitted, paymentId))["status"]!.GetValue<string>());
    }

    [Fact]
    public async Task The_return_from_the_gateway_is_verified_redirects_to_tracking_and_changes_nothing()
    {
        await using var portal = await Portal.StartAsync(azurite);
        var submitted = await portal.SubmitMultipartAsync(Samples.Licence(), Samples.LicenceFiles());
        var paymentId = PaymentFlow.FirstPaymentId(submitted);
        var payUrl = await PaymentFlow.PayUrlAsync(portal, submitted);
        using var noRedirects = new HttpClient(new HttpClientHandler { AllowAutoRedirect = false }) { BaseAddress = portal.App.BaseAddress };
        var before = await portal.PartitionAsync(submitted.Id);

        using var back = await noRedirects.GetAsync($"/api/payments/vnpay/return?{TestVnpay.Callback(payUrl)}");
        using var tampered = await noRedirects.GetAsync(
            $"/api/payments/vnpay/return?{TestVnpay.Callback(payUrl, "24", "02", "0").Replace("ResponseCode=24", "ResponseCode=00", StringComparison.Ordinal)}");

        Assert.Equal(HttpStatusCode.Redirect, back.StatusCode);
        Assert.Equal($"{portal.App.BaseAddress}track.html?id={submitted.Id}&payment={paymentId}&gateway=paid", back.Headers.Location!.AbsoluteUri);
        Assert.Equal(HttpStatusCode.BadRequest, tampered.StatusCode);
        Assert.Equal("application/problem+json", tampered.Content.Headers.ContentType!.MediaType);
        Assert.Equal(before, await portal.PartitionAsync(submitted.Id));
        Assert.Equal("awaiting_payment", Status((await portal.GetDossierAsync(submitted.Id, submitted.AccessKey)).Body!));
    }

    [Fact]
    public async Task A_dossier_withdrawn_before_payment_is_never_forwarded_and_a_late_payment_is_kept_for_ops_as_a_mismatch()
    {
        await using var agency = await TestAgency.StartAsync();
        await using var portal = await Portal.StartAsync(azurite);
        await portal.RegisterAsync(agency, Roads);
        var submitted = await portal.SubmitMultipartAsync(Samples.Licence(), Samples.LicenceFiles());
        var paymentId = PaymentFlow.FirstPaymentId(submitted);
        var payUrl = await PaymentFlow.PayUrlAsync(portal, submitted);

        using var withdrawn = await portal.Client.SendAsync(HttpMethod.Post, $"/api/dossiers/{submitted.Id}/withdraw", accessKey: submitted.AccessKey);
        Assert.Equal(HttpStatusCode.OK, withdrawn.StatusCode);
        var (checkout, _) = await PaymentFlow.CheckoutAsync(portal, submitted, paymentId);
        Assert.Equal(HttpStatusCode.Conflict, checkout.StatusCode);
        Assert.Equal("00", await PaymentFlow.IpnAsync(portal, TestVnpay.Callback(payUrl)));

        var dossier = (await portal.GetDossierAsync(submitted.Id, submitted.AccessKey)).Body!;
        Assert.Equal("withdrawn", Status(dossier));
        Assert.Empty(await portal.RowsAsync(submitted.Id, "event|"));
        Assert.DoesNotContain(agency.Received, w => w.Data["dossierId"]?.GetValue<string>() == submitted.Id);
        using var mismatches = await portal.Client.SendAsync(HttpMethod.Get, "/api/ops/payments?state=mismatch", functionKey: FunctionApp.FunctionKey);
        var listed = JsonNode.Parse(await mismatches.Content.ReadAsStringAsync())!["items"]!.AsArray();
        Assert.Contains(listed, p => p!["paymentId"]!.GetValue<string>() == paymentId && p["mismatch"]!.GetValue<string>().Contains("rút", StringComparison.Ordinal));
    }

    [Fact]
    public async Task An_agency_requested_charge_is_pending_without_holding_the_status_and_its_payment_is_announced_to_that_agency()
    {
        await using var agency = await TestAgency.StartAsync();
        await using var portal = await Portal.StartAsync(azurite);
        var submitted = await portal.SubmitForwardedAsync(agency, Hanoi,
            p => p.SubmitMultipartAsync(Samples.ElectricityConnection(), Samples.ElectricityConnectionFiles()));
        Assert.Empty(submitted.Body!["payments"]!.AsArray());
        await agency.ApplyAsync(portal.Client, Hanoi, new { type = "dossier.status_changed", timestamp = DateTimeOffset.UtcNow,
            data = new { dossierId = submitted.Id, status = "accepted" } });

        var request = new { type = "dossier.payment_requested", timestamp = DateTimeOffset.UtcNow,
            data = new { dossierId = submitted.Id, amountVnd = 2_450_000, reason = "Chi phí lắp đặt công tơ và đường dây sau công tơ" } };
        using var requested = await agency.SendEventAsync(portal.Client, Hanoi, request, webhookId: "msg_charge1");
        using var again = await agency.SendEventAsync(portal.Client, Hanoi, request, webhookId: "msg_charge1");

        Assert.Equal(HttpStatusCode.OK, requested.StatusCode);
        Assert.Contains("\"duplicate\":true", await again.Content.ReadAsStringAsync(), StringComparison.Ordinal);
        var dossier = (await portal.GetDossierAsync(submitted.Id, submitted.AccessKey)).Body!;
        Assert.Equal("accepted", Status(dossier));
        var charge = Assert.Single(dossier["payments"]!.AsArray())!;
        Assert.Equal(("pending", 2_450_000L, Hanoi), (charge["status"]!.GetValue<string>(), charge["amountVnd"]!.GetValue<long>(), charge["agencyId"]!.GetValue<string>()));

        var payUrl = await PaymentFlow.PayUrlAsync(portal, submitted, charge["id"]!.GetValue<string>());
        Assert.Equal("00", await PaymentFlow.IpnAsync(portal, TestVnpay.Callback(payUrl, transactionNo: "14500001")));
        var received = await agency.WaitForAsync(w => w.Type == "dossier.payment_received" && w.Data["dossierId"]?.GetValue<string>() == submitted.Id);
        Assert.Equal((charge["id"]!.GetValue<string>(), 2_450_000L, "14500001", "Chi phí lắp đặt công tơ và đường dây sau công tơ"),
            (received.Data["paymentId"]!.GetValue<string>(), received.Data["amountVnd"]!.GetValue<long>(),
                received.Data["gatewayTransactionNo"]!.GetValue<string>(), received.Data["reason"]!.GetValue<string>()));
        Assert.Equal("accepted", Status((await portal.GetDossierAsync(submitted.Id, submitted.AccessKey)).Body!));
    }

    [Fact]
    public async Task Checkout_needs_the_dossiers_key_and_its_own_payment_and_refunds_need_the_admin_key()
    {
        await using var portal = await Portal.StartAsync(azurite);
        var submitted = await portal.SubmitMultipartAsync(Samples.Licence(), Samples.LicenceFiles());
        var other = await portal.SubmitMultipartAsync(Samples.Licence(), Samples.LicenceFiles());
        var paymentId = PaymentFlow.FirstPaymentId(submitted);

        var (wrongKey, _) = await PaymentFlow.CheckoutAsync(portal, submitted, paymentId, accessKey: other.AccessKey);
        var (otherPayment, _) = await PaymentFlow.CheckoutAsync(portal, submitted, PaymentFlow.FirstPaymentId(other));
        var (unknown, _) = await PaymentFlow.CheckoutAsync(portal, submitted, $"{submitted.Id}-TT09");
        using var unpaidReceipt = await portal.Client.SendAsync(HttpMethod.Get, $"/api/dossiers/{submitted.Id}/payments/{paymentId}/receipt",
            accessKey: submitted.AccessKey);
        using var receiptWrongKey = await portal.Client.SendAsync(HttpMethod.Get, $"/api/dossiers/{submitted.Id}/payments/{paymentId}/receipt",
            accessKey: other.AccessKey);
        using var refundAnonymous = await portal.Client.SendAsync(HttpMethod.Post, $"/api/ops/payments/{paymentId}/refund");
        using var refundFunctionKey = await portal.Client.SendAsync(HttpMethod.Post, $"/api/ops/payments/{paymentId}/refund", functionKey: FunctionApp.FunctionKey);

        Assert.Equal(HttpStatusCode.NotFound, wrongKey.StatusCode);
        Assert.Equal(HttpStatusCode.NotFound, otherPayment.StatusCode);
        Assert.Equal(HttpStatusCode.NotFound, unknown.StatusCode);
        Assert.Equal(HttpStatusCode.Conflict, unpaidReceipt.StatusCode);
        Assert.Equal(HttpStatusCode.NotFound, receiptWrongKey.StatusCode);
        Assert.Equal(HttpStatusCode.Unauthorized, refundAnonymous.StatusCode);
        Assert.Equal(HttpStatusCode.Unauthorized, refundFunctionKey.StatusCode);
        Assert.Empty(await portal.RowsAsync(submitted.Id, "txn|"));
    }
}
