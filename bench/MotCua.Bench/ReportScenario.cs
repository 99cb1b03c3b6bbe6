// Issue 7, item 5: the daily report of yesterday (Vietnam time), run through the admin API, with 10 days and then 100
// days of history (1,000 dossiers a day), against the report's own storage calls made directly. History is seeded
// straight into the rows the report reads: each day's activity table and each day's counters.
using System.Diagnostics;
using System.Globalization;
using System.Text.Json;
using Azure.Data.Tables;
using Azure.Storage.Blobs.Models;
using MotCua.Storage;

namespace MotCua.Bench;

internal static class ReportScenario
{
    private static readonly TimeSpan Vietnam = TimeSpan.FromHours(7);

    public static Task RunAsync(BenchOptions options, ScenarioResults results) => Emulator.WithAsync(async azurite =>
    {
        var (perDay, runs) = (options.Size(1000, 50), options.Size(5, 3));
        var storage = new RawStorage(azurite.ConnectionString);
        await using var app = await TheApp.StartAsync(azurite, options, forwarding: false);
        var yesterday = Yesterday();
        var history = new History(storage, yesterday, perDay);
        var report = new RawReport(storage, yesterday);
        Console.WriteLine($"  the report of {yesterday:yyyy-MM-dd}, {perDay} dossiers a day, median of {runs} runs after one unmeasured run");

        await history.SeedAsync(0, 10);
        await report.ReadPublishedAsync(app.Client);
        var (smallApp, smallRaw) = (await MedianAsync("app, 10 days", runs, () => Portal.RunFunctionAsync(app.Client, "DailyReport")),
            await MedianAsync("raw, 10 days", runs, report.RunAsync));
        await history.SeedAsync(10, 100);
        var (largeApp, largeRaw) = (await MedianAsync("app, 100 days", runs, () => Portal.RunFunctionAsync(app.Client, "DailyReport")),
            await MedianAsync("raw, 100 days", runs, report.RunAsync));

        var (appGrowth, rawGrowth) = (largeApp / smallApp, largeRaw / smallRaw);
        results.Target($"one day's report, {perDay * 10} → {perDay * 100} dossiers of history",
            $"{Format.Number(smallApp, "F0")} → {Format.Number(largeApp, "F0")} ms = ×{Format.Number(appGrowth, "F2")}", "flat: ≤ ×1.20", appGrowth <= 1.2);
        results.Info("raw (same reads and writes), 10 → 100 days",
            $"{Format.Number(smallRaw, "F0")} → {Format.Number(largeRaw, "F0")} ms = ×{Format.Number(rawGrowth, "F2")}");
        if (rawGrowth > 1.2)
        {
            results.Note($"the report reads one day's index partition and that day's counters, nothing else; yet the same reads made " +
                         $"directly grow ×{Format.Number(rawGrowth, "F2")} with history, because Azurite answers a table query by scanning " +
                         "every row of the table (LokiJS where()), where Azure Table storage seeks to the partition.");
        }
    });

    /// <summary>Yesterday in Vietnam, whose report DailyReport writes.</summary>
    public static DateOnly Yesterday() => DateOnly.FromDateTime(TimeProvider.System.GetUtcNow().ToOffset(Vietnam).DateTime).AddDays(-1);

    private static async Task<double> MedianAsync(string label, int runs, Func<Task> run)
    {
        await run();
        var times = new List<double>();
        for (var i = 0; i < runs; i++)
        {
            var started = Stopwatch.GetTimestamp();
            await run();
            times.Add(Stopwatch.GetElapsedTime(started).TotalMilliseconds);
        }

        times.Sort();
        var median = times[times.Count / 2];
        Console.WriteLine($"  {label,-16} median {Format.Number(median)} ms: {string.Join(", ", times.Select(t => Format.Number(t)))}");
        return median;
    }

    /// <summary>
    /// Days of activity as the app records it: per delivery a received row and (most) a forwarded row on the day of
    /// submission, and (most) a processed row, on time or late, up to five days later but never after yesterday. Dossiers
    /// of the older days are therefore never processed yesterday: yesterday's partition is the same at both sizes.
    /// </summary>
    internal sealed class History(RawStorage storage, DateOnly yesterday, int perDay)
    {
        private const int MaxProcessingDelay = 5;
        private static readonly string[] CounterNames =
            ["visits", "feedback.received", "feedback.answered", "ratings", "ratings.scoreSum", .. Enumerable.Range(1, 5).Select(s => $"ratings.score{s}")];

        private readonly List<(string Code, int Days, string[] Agencies)> _procedures = Procedures();

        /// <summary>Seeds the days from <paramref name="fromDaysBack"/> (inclusive) to <paramref name="toDaysBack"/> (exclusive) before yesterday.</summary>
        public async Task SeedAsync(int fromDaysBack, int toDaysBack)
        {
            var random = new Random(fromDaysBack);
            var partitions = new Dictionary<string, List<TableEntity>>(StringComparer.Ordinal);
            void Add(string table, TableEntity row)
            {
                var key = $"{table}/{row.PartitionKey}";
                if (!partitions.TryGetValue(key, out var rows))
                {
                    partitions[key] = rows = [];
                }

                rows.Add(row);
            }

            for (var back = fromDaysBack; back < toDaysBack; back++)
            {
                var day = yesterday.AddDays(-back);
                for (var i = 0; i < perDay; i++)
                {
                    var (code, days, agencies) = _procedures[random.Next(_procedures.Count)];
                    var (id, agency) = (DossierTemplate.NewId(), agencies[random.Next(agencies.Length)]);
                    var at = new DateTimeOffset(day.ToDateTime(new TimeOnly(7, 30)), Vietnam).AddSeconds(random.Next(10 * 3600));
                    var dueAt = at.AddDays(days);
                    TableEntity Row(DateOnly on, string kind, DateTimeOffset when) => new($"day|{on:yyyy-MM-dd}", $"{kind}|{id}|{agency}")
                    {
                        ["ItemId"] = id, ["AgencyId"] = agency, ["ProcedureCode"] = code, ["At"] = when, ["DueAt"] = dueAt,
                    };

                    Add(StorageNames.ActivityTable(day), Row(day, "received", at));
                    if (random.NextDouble() < 0.98)
                    {
                        Add(StorageNames.ActivityTable(day), Row(day, "forwarded", at.AddSeconds(1)));
                        var processedOn = day.AddDays(random.Next(MaxProcessingDelay + 1));
                        if (random.NextDouble() < 0.8 && processedOn <= yesterday)
                        {
                            var processed = Row(processedOn, "processed", at.AddDays(processedOn.DayNumber - day.DayNumber).AddHours(2));
                            processed["OnTime"] = random.NextDouble() < 0.9;
                            Add(StorageNames.ActivityTable(processedOn), processed);
                        }
                    }
                }

                foreach (var name in CounterNames)
                {
                    for (var shard = 0; shard < 8; shard++)
                    {
                        Add(StorageNames.CountersTable,
                            new TableEntity($"day-{day:yyyy-MM-dd}", $"{name}|{shard:D2}") { ["Value"] = (long)random.Next(1, name == "visits" ? 5000 : 50) });
                    }
                }
            }

            await Task.WhenAll(partitions.Keys.Select(key => key[..key.IndexOf('/', StringComparison.Ordinal)]).Distinct()
                .Select(table => storage.Tables.GetTableClient(table).CreateIfNotExistsAsync()));
            var chunks = partitions.SelectMany(p => p.Value.Chunk(100).Select(rows => (Table: p.Key[..p.Key.IndexOf('/', StringComparison.Ordinal)], Rows: rows)))
                .ToArray();
            var seeded = await Load.ClosedAsync("seed history", chunks.Length, 8, i => storage.Tables.GetTableClient(chunks[i].Table)
                .SubmitTransactionAsync(chunks[i].Rows.Select(row => new TableTransactionAction(TableTransactionActionType.UpsertReplace, row))));
            Console.WriteLine($"  seeded {(toDaysBack - fromDaysBack) * perDay} dossiers over {toDaysBack - fromDaysBack} days: " +
                              $"{chunks.Sum(c => c.Rows.Length)} rows in {chunks.Length} transactions, {Format.Number(seeded.Elapsed.TotalSeconds)} s");
            if (seeded.Errors > 0)
            {
                throw new BenchException($"{seeded.Errors} transactions of the history failed");
            }

            // Azurite saves its whole table database to disk a few seconds after a change, blocking while it does; let the
            // save of the seeded rows pass rather than land in the middle of a timed report.
            await Task.Delay(TimeSpan.FromSeconds(6));
        }

        /// <summary>The catalog's procedures (code, processing days, agencies), from the app's own embedded data.</summary>
        private static List<(string, int, string[])> Procedures()
        {
            using var stream = typeof(MotCua.Program).Assembly.GetManifestResourceStream("MotCua.Catalog.Data.procedures.json")
                               ?? throw new BenchException("The app carries no procedures.json");
            using var json = JsonDocument.Parse(stream);
            return [.. json.RootElement.EnumerateArray().Select(p => (
                p.GetProperty("code").GetString()!,
                p.GetProperty("processingDays").GetInt32(),
                p.GetProperty("agencyIds").EnumerateArray().Select(a => a.GetString()!).ToArray()))];
        }
    }

    /// <summary>DailyReport's storage calls: the day's activity (the same columns) and counters, two blobs, one row.</summary>
    private sealed class RawReport(RawStorage storage, DateOnly day)
    {
        private static readonly string[] IndexColumns = ["RowKey", "ItemId", "AgencyId", "ProcedureCode", "OnTime"];

        private readonly string _key = day.ToString("yyyy-MM-dd", CultureInfo.InvariantCulture);
        private BinaryData _json = BinaryData.Empty;
        private BinaryData _csv = BinaryData.Empty;

        /// <summary>Runs the app's report once and keeps what it published, so the baseline uploads the same bytes.</summary>
        public async Task ReadPublishedAsync(HttpClient app)
        {
            await Portal.RunFunctionAsync(app, "DailyReport");
            var container = storage.Blobs.GetBlobContainerClient(StorageNames.ReportsContainer);
            _json = (await container.GetBlobClient($"{_key}.json").DownloadContentAsync()).Value.Content;
            _csv = (await container.GetBlobClient($"{_key}.csv").DownloadContentAsync()).Value.Content;
        }

        public async Task RunAsync()
        {
            var rows = CountAsync(storage.Tables.GetTableClient(StorageNames.ActivityTable(day))
                .QueryAsync<TableEntity>(TableClient.CreateQueryFilter($"PartitionKey eq {"day|" + _key}"), select: IndexColumns));
            var counters = CountAsync(storage.Counters.QueryAsync<TableEntity>(TableClient.CreateQueryFilter($"PartitionKey eq {"day-" + _key}")));
            await Task.WhenAll(rows, counters);
            var container = storage.Blobs.GetBlobContainerClient(StorageNames.ReportsContainer);
            await Task.WhenAll(
                container.GetBlobClient($"{_key}.json").UploadAsync(_json, new BlobUploadOptions { HttpHeaders = new BlobHttpHeaders { ContentType = "application/json; charset=utf-8" } }),
                container.GetBlobClient($"{_key}.csv").UploadAsync(_csv, new BlobUploadOptions { HttpHeaders = new BlobHttpHeaders { ContentType = "text/csv; charset=utf-8" } }));
            await storage.Reports.UpsertEntityAsync(new TableEntity("daily", _key)
            {
                ["Received"] = await rows, ["Processed"] = 0, ["OnTime"] = 0, ["Late"] = 0,
            }, TableUpdateMode.Replace);
        }

        private static async Task<int> CountAsync(Azure.AsyncPageable<TableEntity> query)
        {
            var count = 0;
            await foreach (var _ in query)
            {
                count++;
            }

            return count;
        }
    }
}
