using System.Globalization;
using MotCua.Tests.Infrastructure;
using Xunit.Abstractions;

namespace MotCua.Tests.Reliability;

/// <summary>Issue 7, item 6: kill -9 of the app while it drains a backlog, then a restart.</summary>
[Collection(ReliabilitySuite.Name)]
public sealed class KillNineTests(Azurite azurite, ITestOutputHelper output) : IClassFixture<Azurite>
{
    [Fact]
    public async Task A_backlog_drained_through_a_kill_9_and_a_restart_reaches_the_agency_whole_and_redeliveries_keep_their_webhook_id()
    {
        var backlog = ReliabilitySuite.Full ? 1000 : 300;
        await using var agency = await TestAgency.StartAsync();
        IReadOnlyList<AcceptedDossier> accepted;
        // Submitted while forwarding is off, so that the whole backlog waits on the queue when forwarding starts.
        await using (var feeder = await AppProcess.StartAsync(azurite,
                         Portal.FastSettings(new Dictionary<string, string?> { ["AzureWebJobs:ForwardDossier:Disabled"] = "true" })))
        {
            await Portal.RegisterAsync(feeder.Client, agency, "evn-hanoi");
            await using var load = CitizenLoad.Start([feeder.Client], concurrency: 8, lookups: false, submissions: backlog);
            await load.Completion;
            load.Report(output);
            Assert.All(load.Answers, answer => Assert.True(answer.Status == 201, $"{answer}\n{feeder.Output}"));
            accepted = load.Accepted;
        }

        // A slow agency keeps more deliveries in flight when the kill comes; a short lease brings their messages back soon after it.
        agency.ReplyDelay = TimeSpan.FromMilliseconds(20);
        await using var app = await AppProcess.StartAsync(azurite,
            Portal.FastSettings(new Dictionary<string, string?> { ["LocalRuntime:MessageLease"] = "00:00:05" }));
        await Poll.UntilAsync(() => DeliveryAudit.ReceivedDossiers(agency).Count >= backlog / 3, TimeSpan.FromSeconds(60),
            () => $"{DeliveryAudit.ReceivedDossiers(agency).Count} of {backlog} delivered\n{app.Output}");
        await app.KillAsync();
        var beforeKill = DeliveryAudit.ReceivedDossiers(agency).Count;
        Assert.True(beforeKill < backlog, "The backlog was drained before the kill came.");

        await app.StartAsync();
        var figures = await DeliveryAudit.AssertForwardedAsync(azurite, agency, [.. accepted.Select(d => d.Id)], TimeSpan.FromSeconds(90),
            () => app.Output);

        Assert.Equal(accepted.Select(d => d.Id).Order(StringComparer.Ordinal), DeliveryAudit.ReceivedDossiers(agency).Order(StringComparer.Ordinal));
        output.WriteLine(string.Create(CultureInfo.InvariantCulture, $"Killed with {beforeKill} of {backlog} delivered; restarted in {app.StartupTime.TotalSeconds:F1} s"));
        figures.Report(output);
    }
}
