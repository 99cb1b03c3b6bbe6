// A day of real traffic through the portal, then DailyReport at 05:30 the next morning, on a fake clock.
// Forwarding happens while the fake clock is within seconds of real time, because the test agency checks
// the portal's signature timestamps against its own (real) clock; the clock jumps only afterwards.
using System.Net;
using System.Net.Http.Json;
using System.Text.Json.Nodes;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Time.Testing;
using MotCua.Reporting;
using MotCua.Tests.Infrastructure;

namespace MotCua.Tests.Reporting;

public sealed class DailyReportTests(Azurite azurite) : IClassFixture<Azurite>
{
    private static readonly TimeSpan Vietnam = TimeSpan.FromHours(7);

    private static readonly string[] Agencies = ["evn-hanoi", "evn-hcmc", "soct-hanoi", "soct-danang", "vpcp"];

    [Fact]
    public async Task Daily_reports_count_each_Vietnam_day_exactly_by_procedure_and_agency_with_late_work_on_the_day_it_was_done()
    {
        var clock = new FakeTimeProvider(StartOfDayOne());
        // A report counts the whole account's day: an account of this test's own, so each figure is this test's alone.
        await using var storage = await Azurite.StartNewAsync();
        await using var agency = await TestAgency.StartAsync();
        await using var portal = await Portal.StartAsync(storage, OpsReportingTests.HostSettings(), b => b.Services.AddSingleton<TimeProvider>(clock));
        await Task.WhenAll(Agencies.Select(id => portal.RegisterAsync(agency, id)));

        // Day one: four dossiers (one fanned out to two provinces), two feedback items, three page views.
        var dossiers = await Task.WhenAll(
            portal.SubmitJsonAsync(Samples.ElectricityPayment()),
            portal.SubmitJsonAsync(Samples.ElectricityPayment()),
            portal.SubmitJsonAsync(Samples.ElectricityPayment(province: "Hồ Chí Minh")),
            portal.SubmitMultipartAsync(Samples.Promotion(["soct-hanoi", "soct-danang"]), [("noticeForm", "thong-bao.pdf", Samples.Pdf("Thong bao khuyen mai"))]));
        var feedback = await Task.WhenAll(SubmitFeedbackAsync(portal), SubmitFeedbackAsync(portal));
        Assert.All(dossiers, s => Assert.Equal(HttpStatusCode.Created, s.Response.StatusCode));
        var (paid, refused, late, answered) = (dossiers[0], dossiers[1], dossiers[2], feedback[0]);
        // The app's queue polling waits on the fake clock: each read nudges it on, until all five deliveries and both feedback items are forwarded.
        await Poll.UntilAsync(() =>
            {
                clock.Advance(TimeSpan.FromMilliseconds(200));
                return Ops.GetJsonAsync(portal, "/api/ops/stats");
            },
            s => Ops.Long(s, "today.forwarded") == 5 && agency.Received.Count(w => w.Type == "feedback.received") == 2, TimeSpan.FromSeconds(30),
            s => $"{agency.Received.Count(w => w.Type == "feedback.received")} of 2 feedback items received; stats {s.ToJsonString()}");

        await ProcessAsync(agency, portal, clock, "evn-hanoi", paid.Id, "accepted", "processing", "result_issued");
        await ProcessAsync(agency, portal, clock, "evn-hanoi", refused.Id, "accepted", "rejected");
        await RateAsync(portal, paid, 5);
        await RateAsync(portal, refused, 2);
        await agency.ApplyAsync(portal.Client, "vpcp", new
        {
            type = "feedback.answered", timestamp = clock.GetUtcNow(),
            data = new { feedbackId = answered, answer = "Văn phòng Chính phủ đã tiếp thu và chuyển cơ quan soạn thảo xem xét." },
        }, at: clock.GetUtcNow());

        await Task.WhenAll(Enumerable.Range(0, 3).Select(_ => Ops.CountVisitAsync(portal)));

        var dayOne = DateOnly.FromDateTime(clock.GetUtcNow().ToOffset(Vietnam).Date);
        clock.SetUtcNow(At(dayOne.AddDays(1), 5, 31));
        await portal.Client.RunFunctionAsync(nameof(DailyReport));

        var report = await Ops.GetJsonAsync(portal, $"/api/ops/reports/{dayOne:yyyy-MM-dd}");
        var (csvResponse, csv) = await Ops.GetAsync(portal, $"/api/ops/reports/{dayOne:yyyy-MM-dd}?format=csv");
        var levels = await LevelsAsync(portal);

        Assert.Equal($"{dayOne:yyyy-MM-dd}", report["date"]!.GetValue<string>());
        Assert.Equal(At(dayOne.AddDays(1), 5, 31), report["generatedAt"]!.GetValue<DateTimeOffset>());
        Assert.EndsWith("+07:00", report["generatedAt"]!.GetValue<string>());
        Assert.Equal("""{"received":4,"forwarded":5,"processed":2,"onTime":2,"late":0,"onTimeRate":1}""", Ops.Text(report["dossiers"]));
        Assert.Equal(
            [
                """{"procedureCode":"thanh-toan-tien-dien","procedureName":"Thanh toán tiền điện","received":3,"forwarded":3,"processed":2,"onTime":2,"late":0}""",
                """{"procedureCode":"thong-bao-khuyen-mai","procedureName":"Thông báo hoạt động khuyến mại","received":1,"forwarded":2,"processed":0,"onTime":0,"late":0}""",
            ],
            report["byProcedure"]!.AsArray().Select(Ops.Text));
        Assert.Equal(
            [
                """{"agencyId":"evn-hanoi","agencyName":"Tổng công ty Điện lực Thành phố Hà Nội (EVNHANOI)","received":2,"forwarded":2,"processed":2,"onTime":2,"late":0}""",
                """{"agencyId":"evn-hcmc","agencyName":"Tổng công ty Điện lực Thành phố Hồ Chí Minh (EVNHCMC)","received":1,"forwarded":1,"processed":0,"onTime":0,"late":0}""",
                """{"agencyId":"soct-danang","agencyName":"Sở Công Thương thành phố Đà Nẵng","received":1,"forwarded":1,"processed":0,"onTime":0,"late":0}""",
                """{"agencyId":"soct-hanoi","agencyName":"Sở Công Thương thành phố Hà Nội","received":1,"forwarded":1,"processed":0,"onTime":0,"late":0}""",
            ],
            report["byAgency"]!.AsArray().Select(Ops.Text));
        Assert.Equal("""{"received":2,"answered":1}""", Ops.Text(report["feedback"]));
        Assert.Equal("""{"count":2,"average":3.5,"byScore":{"1":0,"2":1,"3":0,"4":0,"5":1}}""", Ops.Text(report["ratings"]));
        Assert.Equal(levels, Ops.Text(report["proceduresByLevel"]));
        Assert.Equal(3, report["visits"]!.GetValue<long>());
        Assert.Equal("""{"citizen":0,"business":0}""", Ops.Text(report["accounts"]));
        Assert.Equal("""{"totalVnd":0,"byProcedure":[],"byAgency":[]}""", Ops.Text(report["fees"]));

        Assert.Equal("text/csv; charset=utf-8", csvResponse.Content.Headers.ContentType?.ToString());
        Assert.Equal([0xEF, 0xBB, 0xBF], (await csvResponse.Content.ReadAsByteArrayAsync())[..3]);
        var d = $"{dayOne:yyyy-MM-dd}";
        Assert.Equal(
            [
                "date,scope,code,name,received,forwarded,processed,onTime,late,feesVnd",
                $"{d},procedure,thanh-toan-tien-dien,Thanh toán tiền điện,3,3,2,2,0,0",
                $"{d},procedure,thong-bao-khuyen-mai,Thông báo hoạt động khuyến mại,1,2,0,0,0,0",
                $"{d},agency,evn-hanoi,Tổng công ty Điện lực Thành phố Hà Nội (EVNHANOI),2,2,2,2,0,0",
                $"{d},agency,evn-hcmc,Tổng công ty Điện lực Thành phố Hồ Chí Minh (EVNHCMC),1,1,0,0,0,0",
                $"{d},agency,soct-danang,Sở Công Thương thành phố Đà Nẵng,1,1,0,0,0,0",
                $"{d},agency,soct-hanoi,Sở Công Thương thành phố Hà Nội,1,1,0,0,0,0",
                $"{d},total,,Tổng cộng,4,5,2,2,0,0",
            ],
            csv.Split("\r\n", StringSplitOptions.RemoveEmptyEntries));
        var reports = portal.Blobs.GetBlobContainerClient("reports");
        Assert.True((await reports.GetBlobClient($"{d}.json").ExistsAsync()).Value);
        Assert.True((await reports.GetBlobClient($"{d}.csv").ExistsAsync()).Value);

        // The Hồ Chí Minh bill is finished an hour after it fell due: late, and counted on the day the work was done.
        var dueAt = late.Body!["dueAt"]!.GetValue<DateTimeOffset>();
        clock.SetUtcNow(dueAt.AddHours(1));
        await ProcessAsync(agency, portal, clock, "evn-hcmc", late.Id, "accepted", "processing", "result_issued");
        var dayDone = DateOnly.FromDateTime(dueAt.ToOffset(Vietnam).Date);
        clock.SetUtcNow(At(dayDone.AddDays(1), 5, 31));
        await portal.Client.RunFunctionAsync(nameof(DailyReport));
        // A second run for the same day replaces the first.
        await portal.Client.RunFunctionAsync(nameof(DailyReport));

        var lateReport = await Ops.GetJsonAsync(portal, $"/api/ops/reports/{dayDone:yyyy-MM-dd}");
        var series = await Ops.GetJsonAsync(portal, $"/api/ops/reports?from={dayOne:yyyy-MM-dd}&to={dayDone:yyyy-MM-dd}");

        Assert.Equal("""{"received":0,"forwarded":0,"processed":1,"onTime":0,"late":1,"onTimeRate":0}""", Ops.Text(lateReport["dossiers"]));
        Assert.Equal(
            """[{"procedureCode":"thanh-toan-tien-dien","procedureName":"Thanh toán tiền điện","received":0,"forwarded":0,"processed":1,"onTime":0,"late":1}]""",
            Ops.Text(lateReport["byProcedure"]));
        Assert.Equal(
            """[{"agencyId":"evn-hcmc","agencyName":"Tổng công ty Điện lực Thành phố Hồ Chí Minh (EVNHCMC)","received":0,"forwarded":0,"processed":1,"onTime":0,"late":1}]""",
            Ops.Text(lateReport["byAgency"]));
        Assert.Equal("""{"received":0,"answered":0}""", Ops.Text(lateReport["feedback"]));
        Assert.Equal("""{"count":0,"average":null,"byScore":{"1":0,"2":0,"3":0,"4":0,"5":0}}""", Ops.Text(lateReport["ratings"]));
        Assert.Equal(0, lateReport["visits"]!.GetValue<long>());
        var days = series.AsArray().ToDictionary(s => s!["date"]!.GetValue<string>(), Ops.Text);
        Assert.Equal($$"""{"date":"{{d}}","received":4,"processed":2,"onTime":2,"late":0,"onTimeRate":1}""", days[d]);
        Assert.Equal($$"""{"date":"{{dayDone:yyyy-MM-dd}}","received":0,"processed":1,"onTime":0,"late":1,"onTimeRate":0}""", days[$"{dayDone:yyyy-MM-dd}"]);
        Assert.Equal(days.Keys.Order(StringComparer.Ordinal), days.Keys);
    }

    /// <summary>Now, unless the Vietnam day is about to end: then just after midnight, still within the agency's 300 s signature tolerance.</summary>
    private static DateTimeOffset StartOfDayOne()
    {
        var now = DateTimeOffset.UtcNow.ToOffset(Vietnam);
        return now.TimeOfDay < new TimeSpan(23, 58, 0) ? now : At(DateOnly.FromDateTime(now.Date).AddDays(1), 0, 0).AddSeconds(1);
    }

    [Fact]
    public async Task After_mornings_without_a_running_portal_the_past_due_run_writes_a_report_for_every_day_missed()
    {
        // The stored status is in Vietnam time, as the app's timers are when deployed (not only when local.settings.json says so).
        var settings = OpsReportingTests.HostSettings();
        settings["WEBSITE_TIME_ZONE"] = "SE Asia Standard Time";
        var today = DateOnly.FromDateTime(TimeProvider.System.GetUtcNow().ToOffset(Vietnam).Date);
        // It last ran four mornings ago, reporting the day before; the three mornings since were missed.
        var lastRun = At(today.AddDays(-4), 5, 30);
        await TimerBlobs.WriteStatusAsync(azurite.ConnectionString, settings["AzureFunctionsWebHost:hostid"]!, nameof(DailyReport),
            lastRun.LocalDateTime, lastRun.AddDays(1).LocalDateTime);

        await using var portal = await Portal.StartAsync(azurite, settings);

        async Task<HttpStatusCode> ReportAsync(int daysBack) => (await Ops.GetAsync(portal, $"/api/ops/reports/{today.AddDays(-daysBack):yyyy-MM-dd}")).Response.StatusCode;
        await Poll.UntilAsync(() => Task.WhenAll(Enumerable.Range(1, 4).Select(ReportAsync)), codes => codes.All(c => c == HttpStatusCode.OK),
            TimeSpan.FromSeconds(30), codes => $"the last four days' reports answered {string.Join(", ", codes)}");
        Assert.Equal(HttpStatusCode.NotFound, await ReportAsync(5));
    }

    private static DateTimeOffset At(DateOnly day, int hour, int minute) => new(day.ToDateTime(new TimeOnly(hour, minute)), Vietnam);

    /// <summary>The agency moves its delivery through <paramref name="steps"/>, each signed at the fake clock's time.</summary>
    private static async Task ProcessAsync(TestAgency agency, Portal portal, FakeTimeProvider clock, string agencyId, string dossierId, params string[] steps)
    {
        foreach (var step in steps)
        {
            var now = clock.GetUtcNow();
            var body = step == "result_issued" ? OpsReportingTests.ResultIssued(dossierId, now) : OpsReportingTests.StatusChanged(dossierId, step, now);
            await agency.ApplyAsync(portal.Client, agencyId, body, at: now);
        }
    }

    private static async Task RateAsync(Portal portal, Submitted dossier, int score)
    {
        using var response = await portal.Client.SendAsync(HttpMethod.Post, $"/api/dossiers/{dossier.Id}/rating", new { score }, accessKey: dossier.AccessKey);
        Assert.Equal(HttpStatusCode.Created, response.StatusCode);
    }

    /// <returns>The feedback id.</returns>
    private static async Task<string> SubmitFeedbackAsync(Portal portal)
    {
        using var response = await portal.Client.PostAsJsonAsync(new Uri("/api/feedback", UriKind.Relative), new
        {
            category = "regulation",
            title = "Đề nghị đơn giản hóa giấy tờ",
            content = "Đề nghị bỏ yêu cầu nộp bản sao có chứng thực khi giấy tờ gốc đã có trong cơ sở dữ liệu quốc gia về dân cư.",
            contact = new { fullName = "Lê Văn Cường" },
            consentToPublish = false,
        });
        Assert.Equal(HttpStatusCode.Created, response.StatusCode);
        return JsonNode.Parse(await response.Content.ReadAsStringAsync())!["id"]!.GetValue<string>();
    }

    /// <summary>What the catalog says, read through its own API: {"partial":n,"full":n}.</summary>
    private static async Task<string> LevelsAsync(Portal portal)
    {
        var procedures = JsonNode.Parse(await portal.Client.GetStringAsync(new Uri("/api/procedures", UriKind.Relative)))!.AsArray();
        var partial = procedures.Count(p => p!["level"]!.GetValue<string>() == "partial");
        return $$"""{"partial":{{partial}},"full":{{procedures.Count - partial}}}""";
    }
}
