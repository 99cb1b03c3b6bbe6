using System.Net;
using System.Text.Json.Nodes;
using Azure.Data.Tables;
using MotCua.Tests.Infrastructure;

namespace MotCua.Tests.Reporting;

public sealed class DeliveryOpsTests(Azurite azurite) : IClassFixture<Azurite>
{
    [Fact]
    public async Task A_delivery_failed_on_every_attempt_is_listed_and_a_replay_delivers_it_under_the_same_webhook_id()
    {
        await using var agency = await TestAgency.StartAsync();
        await using var portal = await Portal.StartAsync(azurite);
        var submitted = await FailedDeliveryAsync(portal, agency);
        var failedAttempts = agency.Received.Where(w => w.Data["dossierId"]!.GetValue<string>() == submitted.Id).ToList();
        var webhookId = Assert.Single(failedAttempts.Select(w => w.Id).Distinct());

        var listed = await WaitForFailedAsync(portal, submitted.Id, attempts: 4);
        Assert.Single(await FailedAsync(portal), item => item!["dossierId"]!.GetValue<string>() == submitted.Id);
        Assert.Equal($"{submitted.Id}-01", listed["deliveryId"]!.GetValue<string>());
        Assert.Equal(webhookId, listed["webhookId"]!.GetValue<string>());
        Assert.Equal("dossier.submitted", listed["eventType"]!.GetValue<string>());
        Assert.Equal("evn-hanoi", listed["agencyId"]!.GetValue<string>());
        Assert.Equal("Tổng công ty Điện lực Thành phố Hà Nội (EVNHANOI)", listed["agencyName"]!.GetValue<string>());
        Assert.Equal(500, listed["lastStatusCode"]!.GetValue<int>());
        Assert.Equal("HTTP 500", listed["lastError"]!.GetValue<string>());
        Assert.EndsWith("+07:00", listed["lastAttemptAt"]!.GetValue<string>());

        agency.FailNext(0);
        using var replay = await ReplayAsync(portal, $"{submitted.Id}-01");

        Assert.Equal(HttpStatusCode.Accepted, replay.StatusCode);
        var accepted = JsonNode.Parse(await replay.Content.ReadAsStringAsync())!;
        Assert.Equal($"{submitted.Id}-01", accepted["deliveryId"]!.GetValue<string>());
        Assert.Equal([webhookId], accepted["webhookIds"]!.AsArray().Select(id => id!.GetValue<string>()));
        Assert.False((await portal.Tables.GetTableClient("Indexes").GetEntityIfExistsAsync<TableEntity>("failed", $"{submitted.Id}|{webhookId}")).HasValue);
        var view = await portal.WaitForDossierAsync(submitted.Id, submitted.AccessKey, d => d["status"]!.GetValue<string>() == "forwarded");
        Assert.Equal("forwarded", view["history"]!.AsArray()[^1]!["status"]!.GetValue<string>());
        var all = agency.Received.Where(w => w.Data["dossierId"]!.GetValue<string>() == submitted.Id).ToList();
        Assert.Equal(failedAttempts.Count + 1, all.Count);
        Assert.All(all, w => Assert.Equal(webhookId, w.Id));
        Assert.True(all[^1].SignatureValid);
        var attempts = (await portal.RowsAsync(submitted.Id, "attempt|")).OrderBy(a => a.GetInt32("Attempt")).ToList();
        Assert.Equal([false, false, false, false, true], attempts.Select(a => a.GetBoolean("Success")));
        Assert.DoesNotContain(await FailedAsync(portal), item => item!["dossierId"]!.GetValue<string>() == submitted.Id);

        using var again = await ReplayAsync(portal, $"{submitted.Id}-01");
        Assert.Equal(HttpStatusCode.Conflict, again.StatusCode);
        Assert.Equal("application/problem+json", again.Content.Headers.ContentType?.MediaType);
    }

    [Fact]
    public async Task A_replay_that_fails_again_leaves_the_delivery_failed_and_listed_with_one_more_attempt()
    {
        await using var agency = await TestAgency.StartAsync();
        await using var portal = await Portal.StartAsync(azurite);
        var submitted = await FailedDeliveryAsync(portal, agency);
        await WaitForFailedAsync(portal, submitted.Id, attempts: 4);

        using var replay = await ReplayAsync(portal, $"{submitted.Id}-01");

        Assert.Equal(HttpStatusCode.Accepted, replay.StatusCode);
        var listed = await WaitForFailedAsync(portal, submitted.Id, attempts: 5);
        Assert.Equal(500, listed["lastStatusCode"]!.GetValue<int>());
        var (_, view) = await portal.GetDossierAsync(submitted.Id, submitted.AccessKey);
        Assert.Equal("delivery_failed", view!["status"]!.GetValue<string>());
        Assert.Equal("failed", Assert.Single(await portal.RowsAsync(submitted.Id, "event|")).GetString("State"));
    }

    [Fact]
    public async Task A_replay_interrupted_before_its_message_was_sent_is_still_listed_and_can_be_replayed_again()
    {
        await using var agency = await TestAgency.StartAsync();
        await using var portal = await Portal.StartAsync(azurite);
        var submitted = await FailedDeliveryAsync(portal, agency);
        await WaitForFailedAsync(portal, submitted.Id, attempts: 4);
        // What a replay that crashed after its first step leaves: the event pending again, no message, the index row still there.
        var ev = Assert.Single(await portal.RowsAsync(submitted.Id, "event|"));
        ev["State"] = "pending";
        await portal.Dossiers.UpdateEntityAsync(ev, ev.ETag);
        agency.FailNext(0);

        await WaitForFailedAsync(portal, submitted.Id, attempts: 4);
        using var replay = await ReplayAsync(portal, $"{submitted.Id}-01");

        Assert.Equal(HttpStatusCode.Accepted, replay.StatusCode);
        await portal.WaitForDossierAsync(submitted.Id, submitted.AccessKey, d => d["status"]!.GetValue<string>() == "forwarded");
    }

    [Fact]
    public async Task Replaying_a_delivery_that_did_not_fail_is_a_conflict_and_an_unknown_one_is_not_found()
    {
        await using var agency = await TestAgency.StartAsync();
        await using var portal = await Portal.StartAsync(azurite);
        var submitted = await portal.SubmitForwardedAsync(agency, "evn-hanoi", p => p.SubmitJsonAsync(Samples.ElectricityPayment()));

        using var forwarded = await ReplayAsync(portal, $"{submitted.Id}-01");
        Assert.Equal(HttpStatusCode.Conflict, forwarded.StatusCode);

        foreach (var deliveryId in new[]
                 {
                     $"{submitted.Id}-02", "HS-0000000000Z0-01", "PA-0000000000Z0-01", $"{submitted.Id}-1x", $"{submitted.Id}-", submitted.Id,
                     "hs-0000000000z0-01", "HS-ABC-01", "nonsense",
                 })
        {
            using var response = await ReplayAsync(portal, deliveryId);
            Assert.True(response.StatusCode == HttpStatusCode.NotFound, $"{deliveryId}: {response.StatusCode}");
            Assert.Equal("application/problem+json", response.Content.Headers.ContentType?.MediaType);
        }
    }

    [Theory]
    [InlineData("/api/ops/deliveries?state=pending")]
    [InlineData("/api/ops/deliveries?state=FAILED")]
    [InlineData("/api/ops/deliveries")]
    public async Task Only_the_failed_state_can_be_listed(string path)
    {
        await using var portal = await Portal.StartAsync(azurite);

        var (response, _) = await Ops.GetAsync(portal, path);

        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        Assert.Equal("application/problem+json", response.Content.Headers.ContentType?.MediaType);
    }

    [Fact]
    public async Task Every_delivery_and_poison_endpoint_needs_a_function_key()
    {
        await using var portal = await Portal.StartAsync(azurite);

        foreach (var (method, path) in new[]
                 {
                     (HttpMethod.Get, "/api/ops/deliveries?state=failed"), (HttpMethod.Post, "/api/ops/deliveries/HS-0000000000Z0-01/replay"),
                     (HttpMethod.Get, "/api/ops/poison"), (HttpMethod.Post, "/api/ops/poison/requeue"),
                 })
        {
            using var response = await portal.Client.SendAsync(method, path);
            Assert.True(response.StatusCode == HttpStatusCode.Unauthorized, $"{method} {path}: {response.StatusCode}");
        }
    }

    /// <summary>A dossier for evn-hanoi whose agency answers 500 to every attempt until the schedule runs out.</summary>
    private static async Task<Submitted> FailedDeliveryAsync(Portal portal, TestAgency agency)
    {
        await portal.RegisterAsync(agency, "evn-hanoi");
        agency.FailNext(-1);
        var submitted = await portal.SubmitJsonAsync(Samples.ElectricityPayment());
        await portal.WaitForDossierAsync(submitted.Id, submitted.AccessKey, d => d["status"]!.GetValue<string>() == "delivery_failed");
        return submitted;
    }

    private static Task<HttpResponseMessage> ReplayAsync(Portal portal, string deliveryId) =>
        portal.Client.SendAsync(HttpMethod.Post, $"/api/ops/deliveries/{Uri.EscapeDataString(deliveryId)}/replay", functionKey: FunctionApp.FunctionKey);

    private static async Task<JsonArray> FailedAsync(Portal portal) => (await Ops.GetJsonAsync(portal, "/api/ops/deliveries?state=failed"))["items"]!.AsArray();

    /// <summary>The index row is written just after the attempt that failed, so the list is polled rather than read once.</summary>
    private static async Task<JsonNode> WaitForFailedAsync(Portal portal, string dossierId, int attempts) =>
        (await Poll.UntilAsync(async () => (await FailedAsync(portal)).FirstOrDefault(item => item!["dossierId"]!.GetValue<string>() == dossierId
                && item["attempts"]!.GetValue<int>() == attempts), found => found is not null, TimeSpan.FromSeconds(20),
            _ => $"{dossierId} was not listed as failed after {attempts} attempts.", TimeSpan.FromMilliseconds(50)))!;
}
