using Azure.Data.Tables;
using MotCua.Tests.Infrastructure;

namespace MotCua.Tests.Reliability;

/// <summary>
/// Issue 7, item 8, for the failures other than an error status: an agency that is not listening, or answers too late,
/// for its first attempts. The 500 cases (recovery, delivery_failed, replay) are in ForwardDossierTests and DeliveryOpsTests.
/// </summary>
[Collection(ReliabilitySuite.Name)]
public sealed class AgencyOutageTests(Azurite azurite) : IClassFixture<Azurite>
{
    /// <summary>Five attempts a second apart: room for the agency to come back after the second.</summary>
    private static readonly Dictionary<string, string?> FiveRetries = new() { ["Webhooks:RetrySchedule"] = "00:00:01,00:00:01,00:00:01,00:00:01" };

    [Fact]
    public async Task An_agency_refusing_connections_for_the_first_attempts_gets_the_dossier_once_it_listens_again()
    {
        await using var agency = await TestAgency.StartAsync();
        await using var portal = await Portal.StartAsync(azurite, FiveRetries);
        await portal.RegisterAsync(agency, "evn-hanoi");
        await agency.StopAsync();

        var submitted = await portal.SubmitJsonAsync(Samples.ElectricityPayment());
        await WaitForAttemptsAsync(portal, submitted.Id, 2);
        await agency.StartAsync();
        await portal.WaitForDossierAsync(submitted.Id, submitted.AccessKey, d => d["status"]!.GetValue<string>() == "forwarded");

        var attempts = await AttemptsAsync(portal, submitted.Id);
        Assert.True(attempts[^1].GetBoolean("Success"));
        Assert.All(attempts[..^1], a => Assert.Equal("connection refused", a.GetString("Error")));
        Assert.All(attempts[..^1], a => Assert.Null(a.GetInt32("StatusCode")));
        var webhook = Assert.Single(agency.Received, w => w.Data["dossierId"]!.GetValue<string>() == submitted.Id);
        Assert.True(webhook.SignatureValid);
        Assert.Equal(attempts[0].GetString("WebhookId"), webhook.Id);
    }

    [Fact]
    public async Task An_agency_slower_than_the_timeout_for_the_first_attempts_gets_the_dossier_when_it_answers_in_time()
    {
        await using var agency = await TestAgency.StartAsync();
        await using var portal = await Portal.StartAsync(azurite, new Dictionary<string, string?>(FiveRetries) { ["Webhooks:Timeout"] = "00:00:01" });
        await portal.RegisterAsync(agency, "evn-hanoi");
        agency.ReplyDelay = TimeSpan.FromSeconds(3);

        var submitted = await portal.SubmitJsonAsync(Samples.ElectricityPayment());
        await WaitForAttemptsAsync(portal, submitted.Id, 2);
        agency.ReplyDelay = TimeSpan.Zero;
        await portal.WaitForDossierAsync(submitted.Id, submitted.AccessKey, d => d["status"]!.GetValue<string>() == "forwarded");

        var attempts = await AttemptsAsync(portal, submitted.Id);
        Assert.True(attempts[^1].GetBoolean("Success"));
        Assert.All(attempts[..^1], a => Assert.Equal("timeout", a.GetString("Error")));
        Assert.All(attempts[..^1], a => Assert.InRange(a.GetInt64("LatencyMs")!.Value, 900, 2900));
        // The agency saw every attempt it was too slow to answer: the same event each time, under the same webhook-id.
        var received = agency.Received.Where(w => w.Data["dossierId"]!.GetValue<string>() == submitted.Id).ToList();
        Assert.Equal(attempts.Count, received.Count);
        Assert.All(received, w => Assert.Equal(attempts[0].GetString("WebhookId"), w.Id));
    }

    private static async Task<List<TableEntity>> AttemptsAsync(Portal portal, string dossierId) =>
        [.. (await portal.RowsAsync(dossierId, "attempt|")).OrderBy(a => a.GetInt32("Attempt"))];

    private static Task WaitForAttemptsAsync(Portal portal, string dossierId, int count) =>
        Poll.UntilAsync(async () => (await portal.RowsAsync(dossierId, "attempt|")).Count >= count, TimeSpan.FromSeconds(20),
            () => $"{dossierId} was not attempted {count} times");
}
