// Issue 13, item 9: the storage requests the app makes for one operation (submit, forward one webhook, one agency
// callback, a lookup, one daily report), counted by the worker's own clients (StorageRequests). A count does not depend
// on the machine, so a change that adds a request shows here whatever the cores.
using System.Net;
using MotCua.Tests.Infrastructure;

namespace MotCua.Bench;

internal static class RequestsScenario
{
    private static readonly TimeSpan Quiet = TimeSpan.FromMilliseconds(400);

    public static Task RunAsync(BenchOptions options, ScenarioResults results) => Emulator.WithAsync(async azurite =>
    {
        using var requests = new StorageRequests();
        await using var agency = await BenchAgency.StartAsync();
        await using var app = await FunctionApp.StartAsync(azurite, configure: worker => requests.Record(worker.Services, azurite.ConnectionString));
        await Portal.RegisterAsync(app.Client, agency);
        var rounds = options.Size(5, 2);
        Console.WriteLine($"  {rounds} dossiers, one operation at a time, each counted once the app has made no request for {Quiet.TotalMilliseconds} ms");

        var operations = new Operations(requests);
        for (var round = 1; round <= rounds; round++)
        {
            Receipt? dossier = null;
            await operations.CountAsync(["submit (JSON, one agency)", "forward one webhook"], [StorageRequests.Http, "ForwardDossier"], async () =>
            {
                dossier = await Portal.SubmitAsync(app.Client);
                await agency.WaitForAsync(round, TimeSpan.FromSeconds(30));
            });
            await operations.CountAsync(["lookup after a change (renders the view)"], [StorageRequests.Http], () => Portal.LookUpAsync(app.Client, dossier!));
            await operations.CountAsync(["lookup, unchanged"], [StorageRequests.Http], () => Portal.LookUpAsync(app.Client, dossier!));
            await operations.CountAsync(["agency callback (status accepted)"], [StorageRequests.Http], async () =>
            {
                using var answer = await Portal.SendStatusAsync(app.Client, agency, dossier!.Id, "accepted");
                if (answer.StatusCode != HttpStatusCode.OK)
                {
                    throw new BenchException($"The agency's callback answered {(int)answer.StatusCode}");
                }
            });
        }

        // Yesterday's report reads yesterday's activity partition (1,000 dossiers here) and counters, whatever the history.
        var perDay = options.Size(1000, 100);
        await new ReportScenario.History(new RawStorage(azurite.ConnectionString), ReportScenario.Yesterday(), perDay).SeedAsync(0, 1);
        await operations.CountAsync([$"daily report ({perDay} dossiers that day)"], ["DailyReport"], () => Portal.RunFunctionAsync(app.Client, "DailyReport"));

        foreach (var (name, value) in operations.Figures())
        {
            results.Info($"storage requests: {name}", value);
        }

        results.Note("counted by the worker's own storage clients, each retry too; the host's requests for a queue message (its dequeue " +
                     "and delete) and a timer (its lease) are the host's, as they are in Azure, and not counted.");
    });

    /// <summary>Each operation's requests, round by round, by the function that made them.</summary>
    private sealed class Operations(StorageRequests requests)
    {
        private readonly Dictionary<string, List<List<StorageRequest>>> _rounds = [];

        /// <summary>
        /// Runs <paramref name="operation"/>, waits until the app is quiet, and counts for each of <paramref name="names"/> the
        /// requests its function of <paramref name="functions"/> made; anything else the app did meanwhile (a timer) is printed.
        /// </summary>
        public async Task CountAsync(string[] names, string[] functions, Func<Task> operation)
        {
            var from = requests.Count;
            await operation();
            await requests.SettleAsync(Quiet);
            var made = requests.Since(from);
            foreach (var (name, function) in names.Zip(functions))
            {
                var own = made.Where(r => r.Function == function).ToList();
                Add(name, own);
                Console.WriteLine($"  {name}: {own.Count} = {Describe(own)}");
            }

            foreach (var other in made.Where(r => !functions.Contains(r.Function)).GroupBy(r => r.Function))
            {
                Console.WriteLine($"    meanwhile {other.Key}: {other.Count()} = {Describe([.. other])}");
            }
        }

        /// <summary>Per operation its count (a range if rounds differ) and the last round's requests by kind.</summary>
        public IEnumerable<(string Name, string Value)> Figures() => _rounds.Select(operation =>
        {
            var counts = operation.Value.Select(r => r.Count).ToList();
            var count = counts.Min() == counts.Max() ? $"{counts.Min()}" : $"{counts.Min()}–{counts.Max()}";
            return (operation.Key, $"{count}: {Describe(operation.Value[^1])}");
        });

        private void Add(string name, List<StorageRequest> made)
        {
            if (!_rounds.TryGetValue(name, out var rounds))
            {
                _rounds[name] = rounds = [];
            }

            rounds.Add(made);
        }

        private static string Describe(List<StorageRequest> made) =>
            made.Count == 0 ? "none" : string.Join(" · ", made.GroupBy(r => r.Kind).OrderBy(g => g.Key, StringComparer.Ordinal).Select(g => $"{g.Key} {g.Count()}"));
    }
}
