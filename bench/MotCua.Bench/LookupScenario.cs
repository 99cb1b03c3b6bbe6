// Issue 7, item 2: GET /api/dossiers/{id} at concurrency 32 over forwarded dossiers, against a bare point read of the
// dossier row; and (issue 13) against GetDossier's handler called in this process (DirectLookup), which shows what the
// hops in front of the worker cost. A lookup of a dossier that has not changed since its view was rendered is that point
// read and the cached view (decision 0008); one that has changed also queries the partition, measured directly for reference.
using Azure.Data.Tables;
using MotCua.Storage;

namespace MotCua.Bench;

internal static class LookupScenario
{
    private const int Concurrency = 32;

    public static Task RunAsync(BenchOptions options, ScenarioResults results) => Emulator.WithAsync(async azurite =>
    {
        await using var agency = await BenchAgency.StartAsync();
        await using var app = await TheApp.StartAsync(azurite, options);
        await Portal.RegisterAsync(app.Client, agency);
        var storage = new RawStorage(azurite.ConnectionString);
        using var direct = DirectLookup.Build(azurite.ConnectionString);
        var (dossierCount, size) = (options.Size(1000, 100), options.Size(2000, 300));
        var dossiers = new Receipt[dossierCount];
        Console.WriteLine($"  concurrency {Concurrency}, {size} lookups a round over {dossierCount} forwarded dossiers, rounds point query app app query point");
        Console.WriteLine($"  {await Load.ClosedAsync("seed (app)", dossierCount, Concurrency, async i => dossiers[i] = await Portal.SubmitAsync(app.Client))}");
        // A lookup after forwarding reads the whole journey: the delivery, two history steps, the event and its attempt.
        await agency.WaitForAsync(dossierCount, TimeSpan.FromMinutes(2));

        Receipt Any() => dossiers[Random.Shared.Next(dossiers.Length)];
        Task PointReadAsync() => storage.Dossiers.GetEntityAsync<TableEntity>(Any().Id, DossierRow.Key);
        async Task PartitionQueryAsync()
        {
            var id = Any().Id;
            var rows = 0;
            await foreach (var _ in storage.Dossiers.QueryAsync<TableEntity>(TableClient.CreateQueryFilter($"PartitionKey eq {id}")))
            {
                rows++;
            }

            if (rows == 0)
            {
                throw new BenchException($"No rows for {id}");
            }
        }

        // Each view is rendered once, as a citizen's first lookup after the dossier last changed renders it.
        Console.WriteLine($"  {await Load.ClosedAsync("warm-up app", dossierCount, Concurrency, i => Portal.LookUpAsync(app.Client, dossiers[i]))}");
        Console.WriteLine($"  {await Load.ClosedAsync("warm-up direct", dossierCount, Concurrency, i => direct.LookUpAsync(dossiers[i]))}");
        Console.WriteLine($"  {await Load.ClosedAsync("warm-up query", size / 4, Concurrency, _ => PartitionQueryAsync())}");
        var (point, query, appSide, directSide) = (new Side("point read"), new Side("partition query"), new Side("app"), new Side("handler direct"));
        await Rounds.RunAsync(
            (point, () => Load.ClosedAsync("point read", size, Concurrency, _ => PointReadAsync())),
            (query, () => Load.ClosedAsync("partition query", size, Concurrency, _ => PartitionQueryAsync())),
            (directSide, () => Load.ClosedAsync("handler direct", size, Concurrency, _ => direct.LookUpAsync(Any()))),
            (appSide, () => Load.ClosedAsync("app", size, Concurrency, _ => Portal.LookUpAsync(app.Client, Any()))));
        Console.WriteLine($"  {point}\n  {query}\n  {directSide}\n  {appSide}");

        var ratio = appSide.PerSecond / point.PerSecond;
        results.Target("lookups/s, app / raw point read",
            $"{Format.Number(appSide.PerSecond)} / {Format.Number(point.PerSecond)} = {Format.Number(ratio, "F2")}", "≥ 0.80", ratio >= 0.8);
        results.Info("lookups/s, app / raw partition query (what a changed dossier's lookup adds)",
            $"{Format.Number(appSide.PerSecond)} / {Format.Number(query.PerSecond)} = {Format.Number(appSide.PerSecond / query.PerSecond, "F2")}");
        results.Info("lookups/s, through the DevHost / the handler called directly (what the host's HTTP, gRPC and proxy hops cost)",
            $"{Format.Number(appSide.PerSecond)} / {Format.Number(directSide.PerSecond)} = {Format.Number(appSide.PerSecond / directSide.PerSecond, "F2")}");
        results.Target($"app latency {Format.LatencyName}", Format.Latency(appSide.Latency), "p99 < 50 ms", appSide.Latency.P99 < 50);
        results.Info($"handler called directly, latency {Format.LatencyName}", Format.Latency(directSide.Latency));
        results.Info($"point read latency {Format.LatencyName}", Format.Latency(point.Latency));
        results.Info($"partition query latency {Format.LatencyName}", Format.Latency(query.Latency));
        results.Failures(appSide, directSide, point, query);
        if (point.Latency.P99 >= 50)
        {
            results.Note(Format.ClosedLoopNote("lookups", Concurrency, 50, point));
        }

        results.Note("every view was rendered once before the measured rounds, so these are lookups of unchanged dossiers: a point read " +
                     "of the dossier row and the view cached under its ETag. A dossier that changed since costs that read and one query of its " +
                     "partition, which Azurite answers by scanning the whole table (Azure Table storage seeks to the partition).");
    });
}
