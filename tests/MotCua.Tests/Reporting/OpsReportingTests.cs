using System.Net;
using System.Text.Json.Nodes;
using Azure.Data.Tables;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Time.Testing;
using MotCua.Storage;
using MotCua.Tests.Infrastructure;

namespace MotCua.Tests.Reporting;

public sealed class OpsReportingTests(Azurite azurite) : IClassFixture<Azurite>
{
    private static readonly TimeSpan Vietnam = TimeSpan.FromHours(7);

    [Fact]
    public async Task Every_ops_figure_endpoint_refuses_a_caller_without_the_function_key()
    {
        await using var portal = await Portal.StartAsync(azurite);
        await portal.Client.RunFunctionAsync("DailyReport");
        var yesterday = DateOnly.FromDateTime(DateTimeOffset.UtcNow.ToOffset(Vietnam).Date).AddDays(-1);
        string[] paths = ["/api/ops/stats", "/api/ops/reports", $"/api/ops/reports/{yesterday:yyyy-MM-dd}", $"/api/ops/reports/{yesterday:yyyy-MM-dd}?format=csv"];

        foreach (var path in paths)
        {
            var (refused, _) = await Ops.GetAsync(portal, path, key: null);
            var (wrong, _) = await Ops.GetAsync(portal, path, key: "not-the-key");
            var (allowed, text) = await Ops.GetAsync(portal, path);

            Assert.Equal(HttpStatusCode.Unauthorized, refused.StatusCode);
            Assert.Equal("application/problem+json", refused.Content.Headers.ContentType?.MediaType);
            Assert.Equal(HttpStatusCode.Unauthorized, wrong.StatusCode);
            Assert.True(allowed.StatusCode == HttpStatusCode.OK, $"{path}: {(int)allowed.StatusCode} {text}");
        }
    }

    [Fact]
    public async Task A_malformed_date_or_range_is_a_400_naming_the_parameter_and_a_day_without_a_report_a_404()
    {
        (string Path, HttpStatusCode Status, string? Field)[] cases =
        [
            ("/api/ops/reports/2026-13-01", HttpStatusCode.BadRequest, "date"),
            ("/api/ops/reports/10-03-2026", HttpStatusCode.BadRequest, "date"),
            ("/api/ops/reports/2026-03-10?format=xml", HttpStatusCode.BadRequest, "format"),
            ("/api/ops/reports?from=2026-03-10&to=2026-03-09", HttpStatusCode.BadRequest, "from"),
            ("/api/ops/reports?from=2026-01-01&to=2026-03-04", HttpStatusCode.BadRequest, "to"),
            ("/api/ops/reports?from=yesterday", HttpStatusCode.BadRequest, "from"),
            ("/api/ops/reports/1999-03-10", HttpStatusCode.NotFound, null),
        ];
        await using var portal = await Portal.StartAsync(azurite);

        foreach (var (path, status, field) in cases)
        {
            var (response, text) = await Ops.GetAsync(portal, path);

            Assert.True(response.StatusCode == status, $"{path}: {(int)response.StatusCode} {text}");
            Assert.Equal("application/problem+json", response.Content.Headers.ContentType?.MediaType);
            var problem = JsonNode.Parse(text)!;
            if (field is null)
            {
                Assert.Equal("Chưa có báo cáo của ngày 10/03/1999.", problem["detail"]!.GetValue<string>());
            }
            else
            {
                Assert.True(problem["errors"]!.AsObject().ContainsKey(field), $"{path}: {text}");
            }
        }
    }

    [Fact]
    public async Task Sixty_two_days_is_the_longest_range_and_days_without_a_report_are_left_out()
    {
        var clock = new FakeTimeProvider(new DateTimeOffset(2031, 5, 20, 6, 0, 0, Vietnam));
        await using var portal = await Portal.StartAsync(azurite, HostSettings(), b => b.Services.AddSingleton<TimeProvider>(clock));
        await portal.Client.RunFunctionAsync("DailyReport");

        var range = await Ops.GetJsonAsync(portal, "/api/ops/reports?from=2031-03-20&to=2031-05-20");
        var recent = await Ops.GetJsonAsync(portal, "/api/ops/reports");

        var day = Assert.Single(range.AsArray())!;
        Assert.Equal("2031-05-19", day["date"]!.GetValue<string>());
        Assert.Equal(0, day["received"]!.GetValue<int>());
        Assert.Null(day["onTimeRate"]);
        Assert.Equal(["2031-05-19"], recent.AsArray().Select(d => d!["date"]!.GetValue<string>()));
    }

    [Fact]
    public async Task Stats_follow_the_live_counters_and_todays_activity()
    {
        const string Agency = "evn-hanoi";
        // The stats count the whole account: an account of this test's own, so each figure is this test's alone.
        await using var storage = await Azurite.StartNewAsync();
        await using var agency = await TestAgency.StartAsync();
        await using var portal = await Portal.StartAsync(storage);

        var approved = await portal.SubmitForwardedAsync(agency, Agency, p => p.SubmitJsonAsync(Samples.ElectricityPayment()));
        await portal.SubmitForwardedAsync(agency, Agency, p => p.SubmitJsonAsync(Samples.ElectricityPayment()));
        await agency.ApplyAsync(portal.Client, Agency, StatusChanged(approved.Id, "accepted", DateTimeOffset.UtcNow));
        await agency.ApplyAsync(portal.Client, Agency, StatusChanged(approved.Id, "processing", DateTimeOffset.UtcNow));
        await agency.ApplyAsync(portal.Client, Agency, ResultIssued(approved.Id, DateTimeOffset.UtcNow));
        await Ops.CountVisitAsync(portal);
        await Ops.CountVisitAsync(portal);
        // Forwarding moves its counters just after the dossier changes, so the last forward may still be on its way.
        var after = await Poll.UntilAsync(() => Ops.GetJsonAsync(portal, "/api/ops/stats"),
            s => Ops.Long(s, "deliveriesByStatus.forwarded") == 1 && Ops.Long(s, "today.forwarded") == 2, TimeSpan.FromSeconds(30), s => s.ToJsonString());

        var expected = new Dictionary<string, long>
        {
            ["deliveriesByStatus.received"] = 0, ["deliveriesByStatus.forwarded"] = 1, ["deliveriesByStatus.accepted"] = 0,
            ["deliveriesByStatus.processing"] = 0, ["deliveriesByStatus.approved"] = 1, ["deliveriesByStatus.rejected"] = 0,
            ["today.received"] = 2, ["today.forwarded"] = 2, ["today.processed"] = 1, ["today.onTime"] = 1, ["today.late"] = 0, ["visits"] = 2,
        };
        Assert.Equal(expected, expected.Keys.ToDictionary(path => path, path => Ops.Long(after, path)));
        Assert.Equal("""{"citizen":0,"business":0}""", Ops.Text(after["accounts"]));
        Assert.Equal(10, after["deliveriesByStatus"]!.AsObject().Count);
        var generatedAt = after["generatedAt"]!.GetValue<string>();
        Assert.EndsWith("+07:00", generatedAt);
    }

    [Fact]
    public async Task A_daily_report_costs_the_same_storage_requests_however_many_days_of_history_exist()
    {
        var day = new DateOnly(2030, 1, 15);
        var clock = new FakeTimeProvider(new DateTimeOffset(2030, 1, 16, 6, 0, 0, Vietnam));
        var requests = new StorageRequestLog();
        await using var portal = await Portal.StartAsync(azurite, HostSettings(), b => b.Services
            .AddSingleton<TimeProvider>(clock)
            .AddSingleton(requests.Client(azurite.ConnectionString)));
        await SeedDayAsync(portal.Tables, day);

        var alone = await requests.TablesDuringAsync(() => portal.Client.RunFunctionAsync("DailyReport"));
        var reportAlone = await Ops.GetJsonAsync(portal, $"/api/ops/reports/{day:yyyy-MM-dd}");
        // Sixty days before it and one after, each as busy as the day reported: 2,440 activity rows in all.
        await Task.WhenAll(Enumerable.Range(-60, 60).Append(1).Select(offset => SeedDayAsync(portal.Tables, day.AddDays(offset))));
        var withHistory = await requests.TablesDuringAsync(() => portal.Client.RunFunctionAsync("DailyReport"));
        var reportWithHistory = await Ops.GetJsonAsync(portal, $"/api/ops/reports/{day:yyyy-MM-dd}");

        Assert.Equal(alone.Order(StringComparer.Ordinal), withHistory.Order(StringComparer.Ordinal));
        // One page of the day's activity, one of its counters, one upsert of the report row.
        Assert.Equal([StorageNames.ActivityTable(day), "Counters", "Reports"], alone.Order(StringComparer.Ordinal));
        Assert.Equal(Ops.Text(reportAlone["dossiers"]), Ops.Text(reportWithHistory["dossiers"]));
        Assert.Equal("""{"received":10,"forwarded":10,"processed":20,"onTime":10,"late":10,"onTimeRate":0.5}""",
            Ops.Text(reportWithHistory["dossiers"]));
    }

    internal static object StatusChanged(string dossierId, string status, DateTimeOffset at) =>
        new { type = "dossier.status_changed", timestamp = at, data = new { dossierId, status } };

    internal static object ResultIssued(string dossierId, DateTimeOffset at) => new
    {
        type = "dossier.result_issued",
        timestamp = at,
        data = new { dossierId, documents = new[] { new { fileName = "bien-lai.pdf", contentType = "application/pdf", contentBase64 = Convert.ToBase64String(Samples.Pdf("Bien lai")) } } },
    };

    /// <summary>A host id of its own, so no other test's timer status makes this app's timers run as past due.</summary>
    internal static Dictionary<string, string?> HostSettings() => new() { ["AzureFunctionsWebHost:hostid"] = TimerBlobs.NewHostId("reports") };

    /// <summary>Forty activity rows for the day, written straight into its table: ten of each kind, half the processed ones late.</summary>
    private static async Task SeedDayAsync(TableServiceClient tables, DateOnly day)
    {
        var activity = tables.GetTableClient(StorageNames.ActivityTable(day));
        await activity.CreateIfNotExistsAsync();
        var at = new DateTimeOffset(day.ToDateTime(new TimeOnly(10, 0)), Vietnam);
        var rows = Enumerable.Range(0, 40).Select(i =>
        {
            var kind = (i % 4) switch { 0 => ActivityKinds.Received, 1 => ActivityKinds.Forwarded, _ => ActivityKinds.Processed };
            var dossierId = $"HS-{day:yyMMdd}{i:D6}";
            return new IndexRow
            {
                PartitionKey = Indexes.DayPartition(day), RowKey = $"{kind}|{dossierId}|evn-hanoi", ItemId = dossierId, AgencyId = "evn-hanoi",
                ProcedureCode = "thanh-toan-tien-dien", At = at, DueAt = at.AddDays(1), OnTime = kind == ActivityKinds.Processed ? i % 4 == 2 : (bool?)null,
            };
        });
        await activity.SubmitTransactionAsync(rows.Select(r => new TableTransactionAction(TableTransactionActionType.UpsertReplace, r)));
    }
}
