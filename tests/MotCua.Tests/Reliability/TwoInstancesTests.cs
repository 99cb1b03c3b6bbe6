using System.Globalization;
using System.Text.RegularExpressions;
using MotCua.Tests.Infrastructure;
using Xunit.Abstractions;

namespace MotCua.Tests.Reliability;

/// <summary>
/// Issue 7, item 11: two instances of the app on one storage account. That a timer fires once per occurrence across
/// instances is proven second by second by TimerTriggerTests.Two_hosts_on_one_account_run_each_occurrence_once.
/// </summary>
[Collection(ReliabilitySuite.Name)]
public sealed partial class TwoInstancesTests(Azurite azurite, ITestOutputHelper output) : IClassFixture<Azurite>
{
    private static readonly string[] Timers = ["OutboxSweep", "OverdueSweep", "DailyReport", "ReconcilePayments"];

    [Fact]
    public async Task Two_instances_under_load_share_the_deliver_queue_hold_each_timer_once_and_lose_no_delivery()
    {
        var duration = TimeSpan.FromSeconds(ReliabilitySuite.Full ? 60 : 10);
        await using var agency = await TestAgency.StartAsync();
        // Each instance says in its log which timers it holds and which webhooks it delivered: nothing in storage tells instances apart.
        // Sixteen citizens from one address: budgets for a crowd.
        var settings = Portal.FastSettings(FunctionApp.ManyClients(new Dictionary<string, string?>
        {
            ["Logging:LogLevel:MotCua.Webhooks.ForwardDossier"] = "Information",
            ["Logging:LogLevel:Host.Singleton"] = "Debug",
            ["Logging:Console:FormatterOptions:SingleLine"] = "true",
        }));
        var instances = await Task.WhenAll(AppProcess.StartAsync(azurite, settings), AppProcess.StartAsync(azurite, settings));
        await using var first = instances[0];
        await using var second = instances[1];
        string Logs() => $"first instance:\n{first.Output}\nsecond instance:\n{second.Output}";
        await Poll.UntilAsync(() => Timers.All(timer => instances.Any(i => HoldsTimer(i, timer))), TimeSpan.FromSeconds(20), Logs);
        Assert.All(Timers, timer => Assert.Single(instances, i => HoldsTimer(i, timer)));
        await Portal.RegisterAsync(first.Client, agency, "evn-hanoi");

        await using var load = CitizenLoad.Start([first.Client, second.Client], concurrency: 16);
        await Task.Delay(duration);
        await load.StopAsync();
        load.Report(output);

        Assert.All(load.Answers, a => Assert.True(a.Status is 200 or 201, $"{a}\n{Logs()}"));
        var figures = await DeliveryAudit.AssertForwardedAsync(azurite, agency, [.. load.Accepted.Select(d => d.Id)], TimeSpan.FromSeconds(60), Logs);
        figures.Report(output);
        var deliveredBy = instances.Select(DeliveredDossiers).ToList();
        var submittedTo = load.Accepted.ToDictionary(d => d.Id, d => d.Portal, StringComparer.Ordinal);
        var fromOther = deliveredBy.Select((delivered, i) => delivered.Count(id => submittedTo[id] != i)).ToList();
        for (var i = 0; i < instances.Length; i++)
        {
            output.WriteLine(string.Create(CultureInfo.InvariantCulture,
                $"Instance {i + 1} delivered {deliveredBy[i].Count} dossiers in its last {LogLines(instances[i])} log lines, {fromOther[i]} of them submitted to the other"));
        }

        Assert.All(deliveredBy, delivered => Assert.NotEmpty(delivered));
        // A dossier delivered by the instance it was not submitted to came through the shared queue.
        Assert.True(fromOther.Sum() > 0, "Each instance delivered only the dossiers submitted to it.");
        // A lock that cannot be renewed fails its listener, and the DevHost says it starts its triggers again.
        Assert.All(instances, i => Assert.DoesNotContain("The triggers failed", i.Output, StringComparison.Ordinal));
    }

    private static bool HoldsTimer(AppProcess instance, string timer) =>
        instance.Output.Split('\n').Any(line => line.Contains("Singleton lock acquired (", StringComparison.Ordinal)
            && line.Contains($"Host.Functions.{timer}.Listener)", StringComparison.Ordinal));

    private static HashSet<string> DeliveredDossiers(AppProcess instance) =>
        [.. DeliveredLine().Matches(instance.Output).Select(m => m.Groups["dossier"].Value)];

    private static int LogLines(AppProcess instance) => instance.Output.Split('\n').Length;

    [GeneratedRegex(@"Delivered dossier\.submitted msg_\w+ of (?<dossier>\S+) to ")]
    private static partial Regex DeliveredLine();
}
