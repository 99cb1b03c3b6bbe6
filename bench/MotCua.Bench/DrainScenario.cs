// Issue 7, item 3 (drain): a backlog of deliver messages for received dossiers, forwarded by the app (started once the
// backlog is in place) against ForwardDossier's own calls made directly with the listener's batch policy (16 at a
// time, the next batch when 8 are left: host.json). Rates are taken between the agency's first and last arrival, so
// neither side's start-up counts. Bare receive+delete is printed for reference.
using System.Diagnostics;
using MotCua.Hosting;
using MotCua.Tests.Infrastructure;
using MotCua.Webhooks;

namespace MotCua.Bench;

internal static class DrainScenario
{
    private const int SeedConcurrency = 32;
    private const int BatchSize = 16;
    private const int NewBatchThreshold = 8;

    public static Task RunAsync(BenchOptions options, ScenarioResults results) => Emulator.WithAsync(async azurite =>
    {
        var backlog = options.Size(5000, 500);
        await using var agency = await BenchAgency.StartAsync();
        var storage = new RawStorage(azurite.ConnectionString);
        DossierTemplate template;
        await using (var setup = await TheApp.StartAsync(azurite, options, forwarding: false))
        {
            await Portal.RegisterAsync(setup.Client, agency);
            template = await DossierTemplate.ReadAsync(storage, (await Portal.SubmitAsync(setup.Client)).Id);
        }

        await storage.Deliver.ClearMessagesAsync();
        var seeding = new RawSubmission(storage, template);
        using var http = new HttpClient();
        var forwarding = new RawForwarding(storage, template, http);
        Console.WriteLine($"  backlog of {backlog}, rounds raw app app raw, then bare receive+delete");

        async Task SeedAsync() =>
            Console.WriteLine($"  {await Load.ClosedAsync("seed backlog", backlog, SeedConcurrency, _ => seeding.EnqueueAsync())}");

        async Task<Phase> RawAsync()
        {
            await SeedAsync();
            agency.Clear();
            await Drainer.RunAsync(storage.Deliver, BatchSize, NewBatchThreshold, backlog, forwarding.ForwardAsync);
            return Arrivals("raw", agency);
        }

        async Task<Phase> AppAsync()
        {
            await SeedAsync();
            agency.Clear();
            await using var app = await TheApp.StartAsync(azurite, options);
            await agency.WaitForAsync(backlog, TimeSpan.FromMinutes(5));
            await QueueEmptyAsync(storage);
            return Arrivals("app", agency);
        }

        var (rawSide, appSide) = (new Side("raw"), new Side("app"));
        await Rounds.RunAsync((rawSide, RawAsync), (appSide, AppAsync));

        await Load.ClosedAsync("seed messages", backlog, SeedConcurrency,
            _ => storage.Deliver.SendMessageAsync(QueueMessageBody.Serialize(new DeliverMessage(DossierTemplate.NewId(), $"msg_{Guid.NewGuid():N}", 1))));
        var bare = Stopwatch.StartNew();
        await Drainer.RunAsync(storage.Deliver, BatchSize, NewBatchThreshold, backlog,
            message => storage.Deliver.DeleteMessageAsync(message.MessageId, message.PopReceipt));
        var bareSide = Side.Of(new Phase("bare", backlog, bare.Elapsed, [], 0));
        Console.WriteLine($"  {rawSide}\n  {appSide}\n  {bareSide}\n  raw mean ms per call: {forwarding.Calls}");

        var ratio = appSide.PerSecond / rawSide.PerSecond;
        results.Target($"drain of {backlog}, dossiers/s, app / raw (same reads, writes, signed POST, delete)",
            $"{Format.Number(appSide.PerSecond)} / {Format.Number(rawSide.PerSecond)} = {Format.Number(ratio, "F2")}", "≥ 0.80", ratio >= 0.8);
        results.Info("bare receive+delete, messages/s (reference)", Format.Number(bareSide.PerSecond));
        results.Info("raw mean ms per call", forwarding.Calls.ToString());
        results.Refusals(agency);
    });

    /// <summary>The drain as the agency saw it: from its first arrival to its last.</summary>
    private static Phase Arrivals(string name, BenchAgency agency)
    {
        var arrivals = agency.Arrivals.ToArray();
        return new Phase(name, arrivals.Length, Stopwatch.GetElapsedTime(arrivals.Min(), arrivals.Max()), [], 0);
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
