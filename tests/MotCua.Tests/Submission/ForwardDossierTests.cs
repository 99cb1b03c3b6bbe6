using System.Net;
using System.Security.Cryptography;
using Azure;
using Azure.Storage.Queues;
using Microsoft.Extensions.DependencyInjection;
using Moq;
using MotCua.Tests.Infrastructure;

namespace MotCua.Tests.Submission;

public sealed class ForwardDossierTests(Azurite azurite) : IClassFixture<Azurite>
{
    /// <summary>The 34 provincial Departments of Industry and Trade: the widest fan-out in the catalog.</summary>
    internal static readonly string[] Provinces =
    [
        "soct-hanoi", "soct-caobang", "soct-tuyenquang", "soct-dienbien", "soct-laichau", "soct-sonla", "soct-laocai", "soct-thainguyen",
        "soct-langson", "soct-quangninh", "soct-bacninh", "soct-phutho", "soct-haiphong", "soct-hungyen", "soct-ninhbinh", "soct-thanhhoa",
        "soct-nghean", "soct-hatinh", "soct-quangtri", "soct-hue", "soct-danang", "soct-quangngai", "soct-gialai", "soct-khanhhoa",
        "soct-daklak", "soct-lamdong", "soct-dongnai", "soct-hochiminh", "soct-tayninh", "soct-dongthap", "soct-vinhlong", "soct-angiang",
        "soct-cantho", "soct-camau",
    ];

    [Fact]
    public async Task A_promotion_notice_fans_out_to_all_34_departments_each_with_its_own_signed_webhook_and_status()
    {
        await using var agency = await TestAgency.StartAsync();
        await using var portal = await Portal.StartAsync(azurite);
        await portal.RegisterAsync(agency, Provinces);
        var notice = Samples.Pdf("Thong bao khuyen mai");

        var submitted = await portal.SubmitMultipartAsync(Samples.Promotion(Provinces), [("noticeForm", "thong-bao.pdf", notice)]);

        Assert.Equal(HttpStatusCode.Created, submitted.Response.StatusCode);
        Assert.Equal(34, submitted.Body!["deliveries"]!.AsArray().Count);
        var view = await portal.WaitForDossierAsync(submitted.Id, submitted.AccessKey,
            d => d["deliveries"]!.AsArray().All(x => x!["status"]!.GetValue<string>() == "forwarded"));
        Assert.Equal("forwarded", view["status"]!.GetValue<string>());
        var received = agency.Received.Where(w => w.Data["dossierId"]!.GetValue<string>() == submitted.Id).ToList();
        Assert.Equal(34, received.Select(w => w.Id).Distinct().Count());
        Assert.All(received, w => Assert.True(w.SignatureValid));
        Assert.All(received, w => Assert.Equal("dossier.submitted", w.Type));
        Assert.Equal(34, received.Select(w => w.Data["deliveryId"]!.GetValue<string>()).Distinct().Count());

        // Each department gets a portal link of its own, which works with no other credential (it redirects to a storage link) and
        // serves the exact bytes.
        Assert.Equal(34, received.Select(w => w.Data["attachments"]![0]!["url"]!.GetValue<string>()).Distinct().Count());
        var attachment = received[0].Data["attachments"]![0]!;
        Assert.StartsWith(new Uri(portal.App.BaseAddress, "/api/files/").AbsoluteUri, attachment["url"]!.GetValue<string>(), StringComparison.Ordinal);
        using var anonymous = new HttpClient();
        var downloaded = await anonymous.GetByteArrayAsync(new Uri(attachment["url"]!.GetValue<string>()));
        Assert.Equal(notice, downloaded);
        Assert.Equal(Convert.ToHexStringLower(SHA256.HashData(notice)), attachment["sha256"]!.GetValue<string>());
    }

    [Fact]
    public async Task The_webhook_carries_the_full_applicant_and_fields_for_the_agency()
    {
        await using var agency = await TestAgency.StartAsync();
        await using var portal = await Portal.StartAsync(azurite);
        await portal.RegisterAsync(agency, "evn-hanoi");

        var submitted = await portal.SubmitJsonAsync(Samples.ElectricityPayment());
        var webhook = await agency.WaitForAsync(w => w.Data["dossierId"]?.GetValue<string>() == submitted.Id);

        Assert.Equal("001090012345", webhook.Data["applicant"]!["idNumber"]!.GetValue<string>());
        Assert.Equal("PD01001234567", webhook.Data["fields"]!["customerCode"]!.GetValue<string>());
        Assert.Equal("Thanh toán tiền điện", webhook.Data["procedureName"]!.GetValue<string>());
        Assert.EndsWith("+07:00", webhook.Data["dueAt"]!.GetValue<string>());
    }

    [Fact]
    public async Task Forwarding_reads_only_its_own_rows_by_point_reads_and_lists_the_files_in_the_order_submitted()
    {
        await using var agency = await TestAgency.StartAsync();
        var requests = new StorageRequestLog();
        await using var portal = await Portal.StartAsync(azurite, configure: b => b.Services.AddSingleton(requests.Client(azurite.ConnectionString)));
        await portal.RegisterAsync(agency, "evn-hanoi");

        var submitted = await portal.SubmitMultipartAsync(Samples.ElectricityConnection(), Samples.ElectricityConnectionFiles());
        var webhook = await agency.WaitForAsync(w => w.Data["dossierId"]?.GetValue<string>() == submitted.Id);
        await Poll.UntilAsync(async () => (await portal.RowsAsync(submitted.Id, "attempt|")).Count == 1, TimeSpan.FromSeconds(10),
            () => "the attempt was not recorded");

        // A query of the partition would scan the whole table on Azurite; a point read costs the same at any size.
        Assert.DoesNotContain(requests.Requests, r => StorageRequestLog.TableOf(r) == "Dossiers" && StorageRequestLog.IsQuery(r));
        Assert.Equal(Samples.ElectricityConnectionFiles().Select(f => f.Item2), webhook.Data["attachments"]!.AsArray().Select(a => a!["fileName"]!.GetValue<string>()));
        Assert.Null(webhook.Data["attachmentIds"]);
    }

    [Fact]
    public async Task A_failing_agency_is_retried_by_the_schedule_with_the_same_webhook_id_and_every_attempt_is_logged()
    {
        // An Azurite of its own: the agency fails the next two webhooks it gets, whichever dossier they are for, and the
        // other tests here leave deliveries retrying on the shared queue that would reach it once it is evn-hanoi.
        await using var storage = await Azurite.StartNewAsync();
        await using var agency = await TestAgency.StartAsync();
        await using var portal = await Portal.StartAsync(storage);
        await portal.RegisterAsync(agency, "evn-hanoi");
        agency.FailNext(2);

        var submitted = await portal.SubmitJsonAsync(Samples.ElectricityPayment());
        await portal.WaitForDossierAsync(submitted.Id, submitted.AccessKey, d => d["status"]!.GetValue<string>() == "forwarded");

        var received = agency.Received.Where(w => w.Data["dossierId"]!.GetValue<string>() == submitted.Id).ToList();
        Assert.Equal(3, received.Count);
        Assert.Single(received.Select(w => w.Id).Distinct());
        var attempts = (await portal.RowsAsync(submitted.Id, "attempt|")).OrderBy(a => a.GetInt32("Attempt")).ToList();
        Assert.Equal([500, 500, 204], attempts.Select(a => a.GetInt32("StatusCode")));
        Assert.Equal([false, false, true], attempts.Select(a => a.GetBoolean("Success")));
        Assert.All(attempts, a => Assert.NotNull(a.GetInt64("LatencyMs")));
        Assert.Equal("HTTP 500", attempts[0].GetString("Error"));
    }

    [Fact]
    public async Task When_the_schedule_is_exhausted_the_delivery_is_delivery_failed()
    {
        await using var agency = await TestAgency.StartAsync();
        await using var portal = await Portal.StartAsync(azurite);
        await portal.RegisterAsync(agency, "evn-hanoi");
        agency.FailNext(-1);

        var submitted = await portal.SubmitJsonAsync(Samples.ElectricityPayment());
        var view = await portal.WaitForDossierAsync(submitted.Id, submitted.AccessKey, d => d["status"]!.GetValue<string>() == "delivery_failed");

        Assert.Equal("Chuyển thất bại", view["statusLabel"]!.GetValue<string>());
        Assert.Equal(4, (await portal.RowsAsync(submitted.Id, "attempt|")).Count);
        Assert.Equal("failed", Assert.Single(await portal.RowsAsync(submitted.Id, "event|")).GetString("State"));
    }

    [Fact]
    public async Task An_agency_without_a_registered_endpoint_is_never_called_and_the_attempts_say_why()
    {
        await using var portal = await Portal.StartAsync(azurite);

        var submitted = await portal.SubmitJsonAsync(Samples.ElectricityPayment(province: "Hồ Chí Minh"));
        await portal.WaitForDossierAsync(submitted.Id, submitted.AccessKey, d => d["status"]!.GetValue<string>() == "delivery_failed");

        var attempts = await portal.RowsAsync(submitted.Id, "attempt|");
        Assert.All(attempts, a => Assert.Equal("agency endpoint not registered", a.GetString("Error")));
        Assert.All(attempts, a => Assert.Null(a.GetInt32("StatusCode")));
    }

    [Fact]
    public async Task A_lost_enqueue_after_the_dossier_write_is_recovered_by_the_outbox_sweep()
    {
        await using var agency = await TestAgency.StartAsync();
        var real = new QueueClient(azurite.ConnectionString, "deliver", new QueueClientOptions { MessageEncoding = QueueMessageEncoding.Base64 });
        var failing = new Mock<QueueClient>();
        var calls = 0;
        failing.Setup(q => q.SendMessageAsync(It.IsAny<string>(), It.IsAny<TimeSpan?>(), It.IsAny<TimeSpan?>(), It.IsAny<CancellationToken>()))
            .Returns((string text, TimeSpan? delay, TimeSpan? ttl, CancellationToken ct) => Interlocked.Increment(ref calls) == 1
                ? throw new RequestFailedException(503, "The queue is unavailable.")
                : real.SendMessageAsync(text, delay, ttl, ct));
        // The sweep runs only when the test asks: its every-minute timer could otherwise fire between the 201 and the check below.
        await using var portal = await Portal.StartAsync(azurite,
            new Dictionary<string, string?> { ["Outbox:Grace"] = "00:00:00", ["AzureWebJobs.OutboxSweep.Disabled"] = "true" },
            builder => builder.Services.AddKeyedSingleton("deliver", failing.Object));
        await portal.RegisterAsync(agency, "evn-hanoi");

        var submitted = await portal.SubmitJsonAsync(Samples.ElectricityPayment());

        Assert.Equal(HttpStatusCode.Created, submitted.Response.StatusCode);
        await Task.Delay(500);
        Assert.DoesNotContain(agency.Received, w => w.Data["dossierId"]!.GetValue<string>() == submitted.Id);
        await portal.Client.RunFunctionAsync("OutboxSweep");
        var webhook = await agency.WaitForAsync(w => w.Data["dossierId"]?.GetValue<string>() == submitted.Id);
        Assert.True(webhook.SignatureValid);
        await portal.WaitForDossierAsync(submitted.Id, submitted.AccessKey, d => d["status"]!.GetValue<string>() == "forwarded");
        Assert.True(calls >= 2);
    }
}
