using MotCua.Tests.Infrastructure;
using Xunit.Abstractions;

namespace MotCua.Tests.Reliability;

/// <summary>Issue 7, item 12: 60 s (15 s by default) of 64 concurrent citizens submitting and looking up dossiers.</summary>
[Collection(ReliabilitySuite.Name)]
public sealed class SustainedLoadTests(Azurite azurite, ITestOutputHelper output) : IClassFixture<Azurite>
{
    [Fact]
    public async Task Sixty_four_concurrent_citizens_get_no_5xx_and_every_accepted_dossier_is_forwarded()
    {
        var duration = TimeSpan.FromSeconds(ReliabilitySuite.Full ? 60 : 15);
        await using var agency = await TestAgency.StartAsync();
        // 64 citizens from one address: the limits stay on, with budgets for a crowd.
        await using var app = await AppProcess.StartAsync(azurite, Portal.FastSettings(FunctionApp.ManyClients()));
        await Portal.RegisterAsync(app.Client, agency, "evn-hanoi");

        await using var load = CitizenLoad.Start([app.Client], concurrency: 64);
        await Task.Delay(duration);
        await load.StopAsync();
        load.Report(output);

        Assert.All(load.Answers, a => Assert.True(a.Status is not null and < 500, $"{a}\n{app.Output}"));
        Assert.All(load.Answers, a => Assert.Equal(a.Operation == CitizenLoad.Submit ? 201 : 200, a.Status));
        var figures = await DeliveryAudit.AssertForwardedAsync(azurite, agency, [.. load.Accepted.Select(d => d.Id)], TimeSpan.FromSeconds(120),
            () => app.Output);
        figures.Report(output);
    }
}
