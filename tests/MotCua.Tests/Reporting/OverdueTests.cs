// Overdue supervision end to end: the clock moves dossiers past their dueAt; the sweep lists them, reminds each
// agency once a Vietnam day over the signed webhook, drops what the agency has finished, and reads only what is due.
using System.Collections.Concurrent;
using System.Globalization;
using System.Net;
using System.Text.Json.Nodes;
using System.Text.RegularExpressions;
using Azure.Core;
using Azure.Core.Pipeline;
using Azure.Data.Tables;
using Microsoft.Extensions.DependencyInjection;
using MotCua.Reporting;
using MotCua.Tests.Infrastructure;

namespace MotCua.Tests.Reporting;

public sealed partial class OverdueTests(Azurite azurite) : IClassFixture<Azurite>
{
    private const string Reminder = "dossier.overdue_reminder";
    private const string Hanoi = "evn-hanoi";

    // A Tuesday, 09:00 in Hà Nội: an electricity payment received then is due on Wednesday at 17:00.
    private static readonly DateTimeOffset FirstStart = new(2026, 3, 10, 9, 0, 0, TimeSpan.FromHours(7));

    private static int _testsStarted;

    // The sweep's watermark, the overdue list and the agencies' daily notices belong to the whole storage account. As in
    // life, the account sees time only move on: each test (they run one at a time) starts a week after the one before, so
    // its days are after any watermark and its notices its own; it looks only at its own dossiers on the list.
    private readonly SetClock _clock = new(FirstStart.AddDays(7 * Interlocked.Increment(ref _testsStarted)));

    [Fact]
    public async Task Overdue_deliveries_are_listed_and_each_agency_gets_one_signed_reminder_a_day()
    {
        await using var agency = await TestAgency.StartAsync(_clock);
        await using var portal = await StartPortalAsync();
        var first = await portal.SubmitForwardedAsync(agency, Hanoi, p => p.SubmitJsonAsync(Samples.ElectricityPayment()));
        var second = await portal.SubmitForwardedAsync(agency, Hanoi, p => p.SubmitJsonAsync(Samples.ElectricityPayment(customerCode: "PD01009876543")));
        // No endpoint is registered for EVNHCMC: its reminder is attempted and logged like any webhook.
        var unregistered = await portal.SubmitJsonAsync(Samples.ElectricityPayment(province: "Hồ Chí Minh"));
        var dueAt = DueAt(first);
        var dueDay = DateOnly.FromDateTime(dueAt.DateTime);

        _clock.SetUtcNow(dueAt.AddHours(1));
        for (var i = 0; i < 3; i++)
        {
            await SweepAsync(portal);
        }

        var list = await OverdueAsync(portal);
        var items = Own(list["items"]!, first, second, unregistered);
        Assert.Equal(new[] { first.Id, second.Id, unregistered.Id }.Order(), items.Select(i => Text(i["dossierId"])).Order());
        var item = items.Single(i => Text(i["dossierId"]) == first.Id);
        Assert.Equal($"{first.Id}-01", Text(item["deliveryId"]));
        Assert.Equal(Hanoi, Text(item["agencyId"]));
        Assert.Equal("Tổng công ty Điện lực Thành phố Hà Nội (EVNHANOI)", Text(item["agencyName"]));
        Assert.Equal(Samples.ElectricityBill, Text(item["procedureCode"]));
        Assert.Equal("Thanh toán tiền điện", Text(item["procedureName"]));
        Assert.Equal("forwarded", Text(item["status"]));
        Assert.Equal("Đã chuyển cơ quan xử lý", Text(item["statusLabel"]));
        Assert.Equal(Text(first.Body!["dueAt"]), Text(item["dueAt"]));
        Assert.Equal(1, item["daysLate"]!.GetValue<int>());
        Assert.EndsWith("+07:00", Text(list["generatedAt"]));

        var reminder = await agency.WaitForAsync(w => w.Type == Reminder);
        Assert.True(reminder.SignatureValid);
        Assert.Equal(Hanoi, Text(reminder.Data["agencyId"]));
        Assert.Equal(Day(dueDay), Text(reminder.Data["date"]));
        var listed = Own(reminder.Data["dossiers"]!, first, second, unregistered);
        Assert.Equal(new[] { first.Id, second.Id }.Order(StringComparer.Ordinal), listed.Select(d => Text(d["dossierId"])));
        Assert.All(listed, d => Assert.Equal(Text(first.Body!["dueAt"]), Text(d["dueAt"])));
        Assert.All(listed, d => Assert.Equal(1, d["daysLate"]!.GetValue<int>()));
        Assert.All(listed, d => Assert.Equal("forwarded", Text(d["status"])));
        Assert.Equal($"{second.Id}-01", Text(listed.Single(d => Text(d["dossierId"]) == second.Id)["deliveryId"]));
        // Three sweeps that day, one notice.
        Assert.Single(await portal.RowsAsync($"notice|{Hanoi}|{Day(dueDay)}", "event|"));
        var attempts = await WaitForRowsAsync(portal, $"notice|evn-hcmc|{Day(dueDay)}", "attempt|");
        Assert.All(attempts, a => Assert.Equal("agency endpoint not registered", a.GetString("Error")));
        Assert.All(attempts, a => Assert.Equal(Reminder, a.GetString("EventType")));

        _clock.Advance(TimeSpan.FromDays(1));
        await SweepAsync(portal);
        await SweepAsync(portal);

        var next = await agency.WaitForAsync(w => w.Type == Reminder && Text(w.Data["date"]) == Day(dueDay.AddDays(1)));
        Assert.True(next.SignatureValid);
        Assert.All(Own(next.Data["dossiers"]!, first, second), d => Assert.Equal(2, d["daysLate"]!.GetValue<int>()));
        var reminders = agency.Received.Where(w => w.Type == Reminder && Own(w.Data["dossiers"]!, first, second).Count > 0).ToList();
        Assert.Equal([Day(dueDay), Day(dueDay.AddDays(1))], reminders.DistinctBy(w => w.Id).Select(w => Text(w.Data["date"])).Order());
    }

    [Fact]
    public async Task A_delivery_the_agency_rejects_or_approves_leaves_the_list_and_the_next_reminders()
    {
        await using var agency = await TestAgency.StartAsync(_clock);
        await using var portal = await StartPortalAsync();
        var rejected = await portal.SubmitForwardedAsync(agency, Hanoi, p => p.SubmitJsonAsync(Samples.ElectricityPayment()));
        var approved = await portal.SubmitForwardedAsync(agency, Hanoi, p => p.SubmitJsonAsync(Samples.ElectricityPayment()));
        var open = await portal.SubmitForwardedAsync(agency, Hanoi, p => p.SubmitJsonAsync(Samples.ElectricityPayment()));
        _clock.SetUtcNow(DueAt(open).AddHours(2));
        await SweepAsync(portal);
        Assert.Equal(3, Own((await OverdueAsync(portal))["items"]!, rejected, approved, open).Count);

        await agency.ApplyAsync(portal.Client, Hanoi, StatusChanged(rejected.Id, "rejected"));
        await agency.ApplyAsync(portal.Client, Hanoi, StatusChanged(approved.Id, "accepted"));
        await agency.ApplyAsync(portal.Client, Hanoi, StatusChanged(approved.Id, "processing"));
        await agency.ApplyAsync(portal.Client, Hanoi, new
        {
            type = "dossier.result_issued",
            timestamp = _clock.GetUtcNow(),
            data = new
            {
                dossierId = approved.Id,
                documents = new[] { new { fileName = "bien-lai.pdf", contentType = "application/pdf", contentBase64 = Convert.ToBase64String(Samples.Pdf("Bien lai")) } },
            },
        });
        await SweepAsync(portal);

        var item = Assert.Single(Own((await OverdueAsync(portal))["items"]!, rejected, approved, open));
        Assert.Equal(open.Id, Text(item["dossierId"]));
        _clock.Advance(TimeSpan.FromDays(1));
        await SweepAsync(portal);
        var next = await agency.WaitForAsync(w => w.Type == Reminder && Text(w.Data["date"]) == Day(DateOnly.FromDateTime(DueAt(open).DateTime).AddDays(1)));
        Assert.Equal(open.Id, Text(Assert.Single(Own(next.Data["dossiers"]!, rejected, approved, open))["dossierId"]));
    }

    [Fact]
    public async Task The_sweep_reads_only_due_partitions_up_to_today_and_never_a_dossier_not_yet_due()
    {
        await using var agency = await TestAgency.StartAsync(_clock);
        await using var portal = await StartPortalAsync();
        var early = await portal.SubmitForwardedAsync(agency, Hanoi, p => p.SubmitJsonAsync(Samples.ElectricityPayment()));
        _clock.Advance(TimeSpan.FromDays(1));
        var later = await portal.SubmitForwardedAsync(agency, Hanoi, p => p.SubmitJsonAsync(Samples.ElectricityPayment()));
        var earlyDay = DateOnly.FromDateTime(DueAt(early).DateTime);
        var laterDay = DateOnly.FromDateTime(DueAt(later).DateTime);
        Assert.True(laterDay > earlyDay);
        // A sweep of its own, whose every storage request is recorded; the app's sweep would share the app's client.
        var requests = new RecordRequests();
        var options = new TableClientOptions();
        options.AddPolicy(requests, HttpPipelinePosition.PerCall);
        var sweep = ActivatorUtilities.CreateInstance<OverdueSweep>(portal.App.Services, new TableServiceClient(azurite.ConnectionString, options));

        // An hour before the early one's due time, on its due day: that day's partition is read, neither delivery row is.
        _clock.SetUtcNow(DueAt(early).AddHours(-1));
        await SweepAsync(sweep);

        Assert.Equal(earlyDay, Assert.Single(DueRanges(requests.Uris)).Through);
        Assert.DoesNotContain(requests.Uris, uri => uri.Contains(early.Id, StringComparison.Ordinal) || uri.Contains(later.Id, StringComparison.Ordinal));
        Assert.DoesNotContain(Own((await OverdueAsync(portal))["items"]!, early, later), _ => true);

        requests.Uris.Clear();
        _clock.SetUtcNow(DueAt(early).AddHours(1));
        await SweepAsync(sweep);

        Assert.Equal(earlyDay, Assert.Single(DueRanges(requests.Uris)).Through);
        Assert.DoesNotContain(requests.Uris, uri => uri.Contains(later.Id, StringComparison.Ordinal));
        Assert.Contains(requests.Uris, uri => uri.Contains($"/Dossiers(PartitionKey='{early.Id}',RowKey='delivery|{Hanoi}')", StringComparison.Ordinal));
        Assert.All(requests.Uris.Where(uri => uri.Contains("/Dossiers", StringComparison.Ordinal)), uri => Assert.Matches(PointRead(), uri));

        requests.Uris.Clear();
        _clock.SetUtcNow(DueAt(later).AddHours(1));
        await SweepAsync(sweep);

        // Every day before the early one's due day has been moved into the list; the next day's sweep starts after them.
        Assert.Equal(new[] { (earlyDay.AddDays(-1), laterDay) }, DueRanges(requests.Uris));
        Assert.Contains(requests.Uris, uri => uri.Contains($"/Dossiers(PartitionKey='{later.Id}',RowKey='delivery|{Hanoi}')", StringComparison.Ordinal));
        Assert.Equal(new[] { early.Id, later.Id }.Order(), Own((await OverdueAsync(portal))["items"]!, early, later).Select(i => Text(i["dossierId"])).Order());
    }

    [Fact]
    public async Task The_overdue_list_refuses_a_caller_without_the_function_key()
    {
        await using var portal = await StartPortalAsync();

        using var response = await portal.Client.GetAsync(new Uri("/api/ops/overdue", UriKind.Relative));

        Assert.Equal(HttpStatusCode.Unauthorized, response.StatusCode);
        Assert.Equal("application/problem+json", response.Content.Headers.ContentType?.MediaType);
        Assert.NotNull((await OverdueAsync(portal))["items"]);
    }

    private Task<Portal> StartPortalAsync() => Portal.StartAsync(azurite, configure: b => b.Services.AddSingleton<TimeProvider>(_clock));

    private static DateTimeOffset DueAt(Submitted submitted) =>
        DateTimeOffset.Parse(Text(submitted.Body!["dueAt"]), CultureInfo.InvariantCulture);

    private static string Day(DateOnly day) => day.ToString("yyyy-MM-dd", CultureInfo.InvariantCulture);

    private static string Text(JsonNode? node) => node!.GetValue<string>();

    /// <summary>The entries of a list (the ops list or a reminder's) about this test's dossiers.</summary>
    private static List<JsonNode> Own(JsonNode list, params Submitted[] dossiers) =>
        [.. list.AsArray().OfType<JsonNode>().Where(entry => dossiers.Any(d => d.Id == Text(entry["dossierId"])))];

    private static Task SweepAsync(OverdueSweep sweep) => sweep.RunAsync(new Microsoft.Azure.Functions.Worker.TimerInfo { IsPastDue = false }, CancellationToken.None);

    private static Task SweepAsync(Portal portal) => portal.Client.RunFunctionAsync(nameof(OverdueSweep));

    private static Task<JsonNode> OverdueAsync(Portal portal) => Ops.GetJsonAsync(portal, "/api/ops/overdue");

    private object StatusChanged(string dossierId, string status) =>
        new { type = "dossier.status_changed", timestamp = _clock.GetUtcNow(), data = new { dossierId, status } };

    private static Task<List<TableEntity>> WaitForRowsAsync(Portal portal, string partition, string rowKeyPrefix) =>
        Poll.UntilAsync(() => portal.RowsAsync(partition, rowKeyPrefix), rows => rows.Count > 0, TimeSpan.FromSeconds(20),
            _ => $"No {rowKeyPrefix} rows appeared in {partition}.", TimeSpan.FromMilliseconds(50));

    /// <summary>The (after, through] bounds of every query on the due-date partitions.</summary>
    private static List<(DateOnly After, DateOnly Through)> DueRanges(IEnumerable<string> uris) =>
    [
        .. uris.Select(uri => DueRange().Match(uri)).Where(m => m.Success).Select(m =>
            (DateOnly.ParseExact(m.Groups["after"].Value, "yyyy-MM-dd", CultureInfo.InvariantCulture),
             DateOnly.ParseExact(m.Groups["through"].Value, "yyyy-MM-dd", CultureInfo.InvariantCulture))),
    ];

    [GeneratedRegex(@"/Indexes\(\)\?.*PartitionKey gt 'due\|(?<after>[0-9-]+)' and PartitionKey le 'due\|(?<through>[0-9-]+)'")]
    private static partial Regex DueRange();

    [GeneratedRegex(@"/Dossiers\(PartitionKey='[^']+',RowKey='[^']+'\)")]
    private static partial Regex PointRead();

    /// <summary>Every request URI a storage client sends, unescaped.</summary>
    private sealed class RecordRequests : HttpPipelineSynchronousPolicy
    {
        public ConcurrentQueue<string> Uris { get; } = new();

        public override void OnSendingRequest(HttpMessage message) => Uris.Enqueue(Uri.UnescapeDataString(message.Request.Uri.ToString()));
    }
}
