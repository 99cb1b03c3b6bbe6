// Issue 7, item 3 (drain): a backlog of deliver messages for received dossiers, forwarded by the app (started once the
// backlog is in place) against ForwardDossier's own calls made directly with the listener's batch policy (16 at a
// time, the next batch when 8 are left: host.json). Rates are taken between the agency's first and last arrival, so
// neither side's start-up counts. Bare receive+delete is printed for reference.
using System.Diagnostics;
using MotCua.Tests.Infrastructure;
using MotCua.Webhooks;

namespace MotCua.Bench;

internal static class DrainScenario
{
    private const int SeedConcurrency = 32;
    private const int BatchSize = 16;
    private const int NewBatchThreshold = 8;

    public static async Task RunAsync(BenchOptions options, ScenarioResults results)
    {
        var backlog = options.Size(5000, 200);
        await using var agency = await BenchAgency.StartAsync();
        using var http = new HttpClient();
        var calls = new CallTimes();
        var (rawSide, appSide, bareSide) = (new Side("raw"), new Side("app"), new Side("bare"));
        var appPeakMb = 0.0;
        Console.WriteLine($"  backlog of {backlog}, raw then app, each on a fresh Azurite; bare receive+delete after the raw round");

        Task<Phase> RawAsync() => Emulator.WithAsync(async azurite =>
        {
            var (storage, template, ids) = await PrepareAsync(azurite, options, agency, backlog);
            await Drainer.RunAsync(storage.Deliver, BatchSize, NewBatchThreshold, backlog, new RawForwarding(storage, template, http, calls).ForwardAsync);
            var raw = Arrivals("raw", agency, ids);

            await Load.ClosedAsync("seed messages", backlog, SeedConcurrency, _ =>
                storage.Deliver.SendMessageAsync(System.Text.Json.JsonSerializer.Serialize(new DeliverMessage(DossierTemplate.NewId(), $"msg_{Guid.NewGuid():N}", 1), System.Text.Json.JsonSerializerOptions.Web)));
            var bare = Stopwatch.StartNew();
            await Drainer.RunAsync(storage.Deliver, BatchSize, NewBatchThreshold, backlog,
                message => storage.Deliver.DeleteMessageAsync(message.MessageId, message.PopReceipt));
            var barePhase = new Phase("bare", backlog, bare.Elapsed, [], 0);
            Console.WriteLine($"  {barePhase}");
            bareSide.Add(barePhase);
            return raw;
        });

        Task<Phase> AppAsync() => Emulator.WithAsync(async azurite =>
        {
            var (storage, _, ids) = await PrepareAsync(azurite, options, agency, backlog);
            await using var app = await TheApp.StartAsync(azurite, options);
            await agency.WaitForAsync(backlog, TimeSpan.FromMinutes(8));
            await QueueEmptyAsync(storage);
            appPeakMb = TheApp.Memory(app).PeakMb;
            return Arrivals("app", agency, ids);
        });

        await Rounds.RunOnceAsync((rawSide, RawAsync), (appSide, AppAsync));
        Console.WriteLine($"  {rawSide}\n  {appSide}\n  {bareSide}\n  raw mean ms per call: {calls}");

        var ratio = appSide.PerSecond / rawSide.PerSecond;
        results.Target($"drain of {backlog}, dossiers/s, app / raw (same reads, writes, signed POST, delete)",
            $"{Format.Number(appSide.PerSecond)} / {Format.Number(rawSide.PerSecond)} = {Format.Number(ratio, "F2")}", "≥ 0.80", ratio >= 0.8);
        results.Info("bare receive+delete, messages/s (reference)", Format.Number(bareSide.PerSecond));
        results.Info("raw mean ms per call", calls.ToString());
        results.Info($"app's peak working set (VmHWM) after forwarding {backlog}", $"{Format.Number(appPeakMb)} MB");
        results.Refusals(agency);
    }

    /// <summary>
    /// A fresh Azurite with the agency registered and a backlog of received dossiers on the deliver queue: each round starts
    /// from the same state, as a drain's queries cost more on Azurite the more rows its table holds.
    /// </summary>
    private static async Task<(RawStorage Storage, DossierTemplate Template, HashSet<string> Ids)> PrepareAsync(Azurite azurite, BenchOptions options, BenchAgency agency,
        int backlog)
    {
        var storage = new RawStorage(azurite.ConnectionString);
        DossierTemplate template;
        await using (var setup = await TheApp.StartAsync(azurite, options, forwarding: false))
        {
            await Portal.RegisterAsync(setup.Client, agency);
            template = await DossierTemplate.ReadAsync(storage, (await Portal.SubmitAsync(setup.Client)).Id);
        }

        await storage.Deliver.ClearMessagesAsync();
        var seeding = new RawSubmission(storage, template);
        var ids = new string[backlog];
        Console.WriteLine($"  {await Load.ClosedAsync("seed backlog", backlog, SeedConcurrency, async i => ids[i] = (await seeding.EnqueueAsync()).Id)}");
        agency.Clear();
        return (storage, template, ids.ToHashSet(StringComparer.Ordinal));
    }

    /// <summary>The drain of the backlog as the agency saw it: from its first arrival to its last.</summary>
    /// <remarks>The setup's own dossier, which the app's outbox sweep may send meanwhile, is not part of the backlog.</remarks>
    private static Phase Arrivals(string name, BenchAgency agency, HashSet<string> backlog)
    {
        var arrivals = backlog.Select(agency.ArrivalOf).ToArray();
        if (arrivals.Any(at => at is null))
        {
            throw new BenchException($"{arrivals.Count(at => at is null)} dossiers of the backlog never reached the agency");
        }

        return new Phase(name, arrivals.Length, Stopwatch.GetElapsedTime(arrivals.Min()!.Value, arrivals.Max()!.Value), [], 0);
    }

    /// <summary>Every message deleted, not just delivered: the listener's work ends with the delete.</summary>
    private static async Task QueueEmptyAsync(RawStorage storage)
    {
        var deadline = TimeProvider.System.GetUtcNow().AddMinutes(1);
        while ((await storage.Deliver.GetPropertiesAsync()).Value.ApproximateMessagesCount > 0)
        {
            if (TimeProvider.System.GetUtcNow() > deadline)
            {
                throw new BenchException("The app delivered the backlog but left messages on the queue");
            }

            await Task.Delay(100);
        }
    }
}
