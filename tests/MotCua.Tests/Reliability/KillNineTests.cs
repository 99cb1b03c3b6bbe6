using System.Globalization;
using MotCua.Tests.Infrastructure;
using Xunit.Abstractions;

namespace MotCua.Tests.Reliability;

/// <summary>
/// Issue 7, item 6: kill -9 of the portal (the DevHost and its worker) while it drains a backlog, then a restart; and issue 13:
/// kill -9 of the worker alone, which the DevHost restarts.
/// </summary>
[Collection(ReliabilitySuite.Name)]
public sealed class KillNineTests(Azurite azurite, ITestOutputHelper output) : IClassFixture<Azurite>
{
    private static int Backlog => ReliabilitySuite.Full ? 1000 : 300;

    [Fact]
    public async Task A_backlog_drained_through_a_kill_9_and_a_restart_reaches_the_agency_whole_and_redeliveries_keep_their_webhook_id()
    {
        await using var agency = await TestAgency.StartAsync();
        var accepted = await FeedBacklogAsync(agency);
        // The messages the killed host held come back when their invisibility runs out (ten minutes, as in Azure); the outbox
        // sweep re-enqueues their webhooks long before that, once they have waited past the grace.
        await using var app = await AppProcess.StartAsync(azurite, Portal.FastSettings(new Dictionary<string, string?> { ["Outbox:Grace"] = "00:00:05" }));
        var beforeKill = await KillDuringDrainAsync(agency, app, app.KillAsync);

        await app.StartAsync();
        await app.Client.RunFunctionAsync("OutboxSweep");
        await AssertDeliveredAsync(agency, app, accepted, beforeKill);
    }

    [Fact]
    public async Task A_backlog_drained_through_a_kill_9_of_the_worker_alone_reaches_the_agency_whole_after_the_devhost_restarts_it()
    {
        await using var agency = await TestAgency.StartAsync();
        var accepted = await FeedBacklogAsync(agency);
        await using var app = await AppProcess.StartAsync(azurite, Portal.FastSettings());
        var killed = app.Worker.Id;
        var beforeKill = await KillDuringDrainAsync(agency, app, app.KillWorkerAsync);

        await AssertDeliveredAsync(agency, app, accepted, beforeKill);
        Assert.NotEqual(killed, app.Worker.Id);
        Assert.False(app.Process!.HasExited);
    }

    /// <summary>Submits the backlog while forwarding is off, so that all of it waits on the queue when forwarding starts.</summary>
    private async Task<IReadOnlyList<AcceptedDossier>> FeedBacklogAsync(TestAgency agency)
    {
        // Eight citizens from one address submit the backlog: budgets for a crowd.
        await using var feeder = await AppProcess.StartAsync(azurite,
            Portal.FastSettings(FunctionApp.ManyClients(new Dictionary<string, string?> { ["AzureWebJobs:ForwardDossier:Disabled"] = "true" })));
        await Portal.RegisterAsync(feeder.Client, agency, "evn-hanoi");
        await using var load = CitizenLoad.Start([feeder.Client], concurrency: 8, lookups: false, submissions: Backlog);
        await load.Completion;
        load.Report(output);
        Assert.All(load.Answers, answer => Assert.True(answer.Status == 201, $"{answer}\n{feeder.Output}"));
        // A slow agency keeps more deliveries in flight when the kill comes.
        agency.ReplyDelay = TimeSpan.FromMilliseconds(20);
        return load.Accepted;
    }

    private static async Task<int> KillDuringDrainAsync(TestAgency agency, AppProcess app, Func<Task> kill)
    {
        await Poll.UntilAsync(() => DeliveryAudit.ReceivedDossiers(agency).Count >= Backlog / 3, TimeSpan.FromSeconds(60),
            () => $"{DeliveryAudit.ReceivedDossiers(agency).Count} of {Backlog} delivered\n{app.Output}");
        await kill();
        var beforeKill = DeliveryAudit.ReceivedDossiers(agency).Count;
        Assert.True(beforeKill < Backlog, "The backlog was drained before the kill came.");
        return beforeKill;
    }

    private async Task AssertDeliveredAsync(TestAgency agency, AppProcess app, IReadOnlyList<AcceptedDossier> accepted, int beforeKill)
    {
        var figures = await DeliveryAudit.AssertForwardedAsync(azurite, agency, [.. accepted.Select(d => d.Id)], TimeSpan.FromSeconds(120),
            () => app.Output);

        Assert.Equal(accepted.Select(d => d.Id).Order(StringComparer.Ordinal), DeliveryAudit.ReceivedDossiers(agency).Order(StringComparer.Ordinal));
        output.WriteLine(string.Create(CultureInfo.InvariantCulture, $"Killed with {beforeKill} of {Backlog} delivered; restarted in {app.StartupTime.TotalSeconds:F1} s"));
        figures.Report(output);
    }
}
