// Issue 17: the applicant is told by e-mail, through a real SMTP server in the test process (TestSmtp) that each test starts for
// itself, and reads what it received.
using System.Net;
using System.Text.Json;
using System.Text.Json.Nodes;
using Azure.Storage.Queues;
using MimeKit;
using MotCua.Tests.Infrastructure;

namespace MotCua.Tests.Notifications;

public sealed class NotificationTests(Azurite azurite) : IClassFixture<Azurite>
{
    private const string Agency = "evn-hanoi";
    private const string IdNumber = "001090012345";

    private static object Status(string dossierId, string status) =>
        new { type = "dossier.status_changed", timestamp = DateTimeOffset.UtcNow, data = new { dossierId, status } };

    /// <summary>An SMTP server, an agency registered as evn-hanoi, and the portal sending to that server: this test's own.</summary>
    private sealed record Scene(TestSmtp Smtp, TestAgency Agency, Portal Portal) : IAsyncDisposable
    {
        public async ValueTask DisposeAsync()
        {
            await Portal.DisposeAsync();
            await Agency.DisposeAsync();
            await Smtp.DisposeAsync();
        }
    }

    private async Task<Scene> StartAsync()
    {
        var smtp = await TestSmtp.StartAsync();
        var agency = await TestAgency.StartAsync();
        var portal = await Portal.StartAsync(azurite, smtp.Settings());
        await portal.RegisterAsync(agency, Agency);
        return new Scene(smtp, agency, portal);
    }

    private static async Task<List<MimeMessage>> MailsAsync(TestSmtp smtp, string dossierId, int count) =>
        await Poll.UntilAsync(() => Task.FromResult(smtp.About(dossierId)), mails => mails.Count >= count, TimeSpan.FromSeconds(30),
            mails => $"{dossierId}: {mails.Count} e-mails of {count}: {string.Join(" / ", mails.Select(m => m.Subject))}");

    private static async Task<JsonNode> NotifiedAsync(Portal portal, Submitted dossier, params string[] events) =>
        await portal.WaitForDossierAsync(dossier.Id, dossier.AccessKey, view =>
            view["notifications"]!.AsArray().Select(n => $"{n!["event"]}:{n["status"]}").Order().SequenceEqual(events.Select(e => $"{e}:sent").Order()));

    [Fact]
    public async Task The_receipt_links_with_the_key_in_its_fragment_later_mails_without_and_none_shows_the_identity_number()
    {
        await using var scene = await StartAsync();
        var (smtp, agency, portal) = scene;

        var dossier = await portal.SubmitForwardedAsync(agency, Agency, p => p.SubmitJsonAsync(Samples.ElectricityPayment()));
        await agency.ApplyAsync(portal.Client, Agency, Status(dossier.Id, "accepted"));
        await agency.ApplyAsync(portal.Client, Agency, Status(dossier.Id, "rejected"));
        var view = await NotifiedAsync(portal, dossier, "received", "accepted", "rejected");

        var mails = await MailsAsync(smtp, dossier.Id, 3);
        var receipt = Assert.Single(mails, m => m.Subject == $"Đã tiếp nhận hồ sơ {dossier.Id}");
        var withKey = $"/track.html?id={dossier.Id}#key={dossier.AccessKey}";
        Assert.Contains(withKey, receipt.TextBody, StringComparison.Ordinal);
        Assert.Contains(withKey, receipt.HtmlBody, StringComparison.Ordinal);
        Assert.Contains("Thanh toán tiền điện", receipt.TextBody, StringComparison.Ordinal);
        Assert.Equal("an@example.vn", Assert.Single(receipt.To.Mailboxes).Address);
        Assert.Equal("multipart/alternative", receipt.Body!.ContentType.MimeType);
        Assert.Single(mails, m => m.Subject == $"Hồ sơ {dossier.Id} đã được cơ quan tiếp nhận");
        Assert.Single(mails, m => m.Subject == $"Hồ sơ {dossier.Id} bị từ chối");
        foreach (var later in mails.Where(m => m != receipt))
        {
            Assert.Contains($"{portal.App.BaseAddress.AbsoluteUri}track.html?id={dossier.Id}", later.TextBody, StringComparison.Ordinal);
            Assert.DoesNotContain("#key=", later.TextBody + later.HtmlBody, StringComparison.Ordinal);
            Assert.DoesNotContain(dossier.AccessKey, later.ToString(), StringComparison.Ordinal);
        }

        Assert.All(mails, m => Assert.DoesNotContain(IdNumber, m.ToString(), StringComparison.Ordinal));
        Assert.All(view["notifications"]!.AsArray(), n => Assert.Equal("email", n!["channel"]!.GetValue<string>()));
        // The key was kept only until the receipt went.
        var row = Assert.Single(await portal.RowsAsync(dossier.Id, "notification|received"));
        Assert.False(row.ContainsKey("AccessKey"));
    }

    [Fact]
    public async Task An_event_processed_twice_is_one_email()
    {
        await using var scene = await StartAsync();
        var (smtp, agency, portal) = scene;
        var dossier = await portal.SubmitForwardedAsync(agency, Agency, p => p.SubmitJsonAsync(Samples.ElectricityPayment()));

        // A replayed agency webhook, and the receipt's queue message duplicated (three at once).
        var webhookId = $"msg_{Guid.NewGuid():N}";
        Assert.Equal(HttpStatusCode.OK, (await agency.SendEventAsync(portal.Client, Agency, Status(dossier.Id, "accepted"), webhookId)).StatusCode);
        Assert.Equal(HttpStatusCode.OK, (await agency.SendEventAsync(portal.Client, Agency, Status(dossier.Id, "accepted"), webhookId)).StatusCode);
        var notify = new QueueClient(azurite.ConnectionString, "notify", new QueueClientOptions { MessageEncoding = QueueMessageEncoding.Base64 });
        var again = JsonSerializer.Serialize(new { dossierId = dossier.Id, notificationKey = "notification|received" });
        await Task.WhenAll(Enumerable.Range(0, 3).Select(_ => notify.SendMessageAsync(again)));
        await NotifiedAsync(portal, dossier, "received", "accepted");
        await Poll.UntilAsync(async () => (await notify.GetPropertiesAsync()).Value.ApproximateMessagesCount == 0, TimeSpan.FromSeconds(20),
            () => "the duplicates were not taken from the queue");
        await Task.Delay(TimeSpan.FromSeconds(1));

        var mails = smtp.About(dossier.Id);
        Assert.Equal(2, mails.Count);
        Assert.Single(mails, m => m.Subject == $"Đã tiếp nhận hồ sơ {dossier.Id}");
        Assert.Single(mails, m => m.Subject == $"Hồ sơ {dossier.Id} đã được cơ quan tiếp nhận");
    }

    [Fact]
    public async Task A_server_refusing_twice_is_retried_by_the_queue_and_the_mail_delivered_once()
    {
        await using var scene = await StartAsync();
        var (smtp, agency, portal) = scene;
        smtp.RefuseNext(2);

        var dossier = await portal.SubmitJsonAsync(Samples.ElectricityPayment());
        await NotifiedAsync(portal, dossier, "received");

        Assert.Single(await MailsAsync(smtp, dossier.Id, 1));
        Assert.Equal(2, smtp.Refused);
        var row = Assert.Single(await portal.RowsAsync(dossier.Id, "notification|received"));
        Assert.Equal(3, row.GetInt32("Attempts"));
        Assert.StartsWith("SMTP 451", row.GetString("LastError"), StringComparison.Ordinal);
    }

    [Fact]
    public async Task A_server_that_never_accepts_leaves_the_mail_failed_listed_for_ops_and_in_notify_poison()
    {
        await using var scene = await StartAsync();
        var (smtp, agency, portal) = scene;
        smtp.RefuseNext(-1);

        var dossier = await portal.SubmitJsonAsync(Samples.ElectricityPayment());
        var view = await portal.WaitForDossierAsync(dossier.Id, dossier.AccessKey,
            v => v["notifications"]!.AsArray().Any(n => n!["status"]!.GetValue<string>() == "failed"));

        Assert.Equal("received", view["notifications"]![0]!["event"]!.GetValue<string>());
        var listed = await Poll.UntilAsync(async () =>
        {
            using var response = await portal.Client.SendAsync(HttpMethod.Get, "/api/ops/notifications?state=failed", functionKey: FunctionApp.FunctionKey);
            return JsonNode.Parse(await response.Content.ReadAsStringAsync())!["items"]!.AsArray()
                .FirstOrDefault(item => item!["dossierId"]!.GetValue<string>() == dossier.Id);
        }, item => item is not null, TimeSpan.FromSeconds(10), _ => "the failed e-mail was not listed for ops");
        Assert.Equal("received", listed!["event"]!.GetValue<string>());
        Assert.Equal(5, listed["attempts"]!.GetValue<int>());
        Assert.DoesNotContain("an@example.vn", listed["lastError"]!.GetValue<string>(), StringComparison.Ordinal);
        Assert.Empty(smtp.About(dossier.Id));
        var row = Assert.Single(await portal.RowsAsync(dossier.Id, "notification|received"));
        Assert.False(row.ContainsKey("AccessKey"));
        var poison = new QueueClient(azurite.ConnectionString, "notify-poison", new QueueClientOptions { MessageEncoding = QueueMessageEncoding.Base64 });
        await Poll.UntilAsync(async () => (await poison.PeekMessagesAsync(32)).Value.Any(m => m.Body.ToString().Contains(dossier.Id, StringComparison.Ordinal)),
            TimeSpan.FromSeconds(10), () => "the message did not reach notify-poison");
        using var refused = await portal.Client.SendAsync(HttpMethod.Get, "/api/ops/notifications?state=sent", functionKey: FunctionApp.FunctionKey);
        Assert.Equal(HttpStatusCode.BadRequest, refused.StatusCode);
    }

    [Fact]
    public async Task No_email_when_the_applicant_opts_out_or_gives_no_address_and_notify_must_be_a_boolean()
    {
        await using var scene = await StartAsync();
        var (smtp, agency, portal) = scene;
        var fields = new { customerCode = "PD01001234567", province = "Hà Nội", billingPeriod = "10/2026", amountVnd = 356000 };

        var optedOut = await portal.SubmitJsonAsync(new { procedureCode = Samples.ElectricityBill, applicant = Samples.Citizen(), fields, notify = false });
        var noAddress = await portal.SubmitJsonAsync(new
        {
            procedureCode = Samples.ElectricityBill, fields,
            applicant = new { kind = "citizen", fullName = "Trần Thị Bình", idNumber = "079185000123", phone = "0912345678" },
        });
        var wrongType = await portal.SubmitJsonAsync(new { procedureCode = Samples.ElectricityBill, applicant = Samples.Citizen(), fields, notify = "không" });

        Assert.Equal(HttpStatusCode.BadRequest, wrongType.Response.StatusCode);
        Assert.NotNull(wrongType.Body!["errors"]!["notify"]);
        foreach (var dossier in new[] { optedOut, noAddress })
        {
            Assert.Equal(HttpStatusCode.Created, dossier.Response.StatusCode);
            var (_, view) = await portal.GetDossierAsync(dossier.Id, dossier.AccessKey);
            Assert.Empty(view!["notifications"]!.AsArray());
            Assert.Empty(await portal.RowsAsync(dossier.Id, "notification|"));
        }

        await Task.Delay(TimeSpan.FromSeconds(1));
        Assert.Empty(smtp.About(optedOut.Id));
        Assert.Empty(smtp.About(noAddress.Id));
    }
}
