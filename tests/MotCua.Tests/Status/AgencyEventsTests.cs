using System.Net;
using System.Text.Json.Nodes;
using MotCua.Tests.Infrastructure;

namespace MotCua.Tests.Status;

public sealed class AgencyEventsTests(Azurite azurite) : IClassFixture<Azurite>
{
    private const string Agency = "evn-hanoi";

    private static object Status(string dossierId, string status, string? note = null) =>
        new { type = "dossier.status_changed", timestamp = DateTimeOffset.UtcNow, data = new { dossierId, status, note } };

    private static async Task<(TestAgency Agency, Portal Portal, Submitted Dossier)> ForwardedAsync(Azurite azurite)
    {
        var agency = await TestAgency.StartAsync();
        var portal = await Portal.StartAsync(azurite);
        return (agency, portal, await portal.SubmitForwardedAsync(agency, Agency, p => p.SubmitJsonAsync(Samples.ElectricityPayment())));
    }

    [Fact]
    public async Task An_agency_moves_a_dossier_to_a_result_and_the_citizen_sees_the_history_and_downloads_it()
    {
        var (agency, portal, dossier) = await ForwardedAsync(azurite);
        await using var _ = agency;
        await using var __ = portal;
        var result = Samples.Pdf("Ket qua");

        Assert.Equal(HttpStatusCode.OK, (await agency.SendEventAsync(portal.Client, Agency, Status(dossier.Id, "accepted", "Đã nhận hồ sơ"))).StatusCode);
        Assert.Equal(HttpStatusCode.OK, (await agency.SendEventAsync(portal.Client, Agency, Status(dossier.Id, "processing"))).StatusCode);
        var issued = await agency.SendEventAsync(portal.Client, Agency, new
        {
            type = "dossier.result_issued",
            timestamp = DateTimeOffset.UtcNow,
            data = new { dossierId = dossier.Id, note = "Đã thanh toán", documents = new[] { new { fileName = "biên-lai.pdf", contentType = "application/pdf", contentBase64 = Convert.ToBase64String(result) } } },
        });

        Assert.Equal(HttpStatusCode.OK, issued.StatusCode);
        var (_, view) = await portal.GetDossierAsync(dossier.Id, dossier.AccessKey);
        Assert.Equal("approved", view!["status"]!.GetValue<string>());
        Assert.Equal("Đã có kết quả", view["statusLabel"]!.GetValue<string>());
        Assert.Equal(["received", "forwarded", "accepted", "processing", "approved"],
            view["history"]!.AsArray().Select(h => h!["status"]!.GetValue<string>()));
        Assert.Equal("Cơ quan đã tiếp nhận", view["history"]![2]!["statusLabel"]!.GetValue<string>());
        Assert.Equal("Đã nhận hồ sơ", view["history"]![2]!["note"]!.GetValue<string>());
        var resultView = Assert.Single(view["results"]!.AsArray())!;
        Assert.Equal("biên-lai.pdf", resultView["fileName"]!.GetValue<string>());
        using var file = await portal.Client.SendAsync(HttpMethod.Get, $"/api/dossiers/{dossier.Id}/results/{resultView["id"]!.GetValue<string>()}",
            accessKey: dossier.AccessKey);
        Assert.Equal(HttpStatusCode.OK, file.StatusCode);
        Assert.Equal("application/pdf", file.Content.Headers.ContentType?.MediaType);
        Assert.Equal(result, await file.Content.ReadAsByteArrayAsync());
    }

    [Fact]
    public async Task A_bad_or_stale_or_future_signature_is_a_401_and_changes_nothing()
    {
        var (agency, portal, dossier) = await ForwardedAsync(azurite);
        await using var _ = agency;
        await using var __ = portal;
        var wrongSecret = "whsec_" + Convert.ToBase64String(System.Security.Cryptography.RandomNumberGenerator.GetBytes(32));

        var responses = new[]
        {
            await agency.SendEventAsync(portal.Client, Agency, Status(dossier.Id, "accepted"), secret: wrongSecret),
            await agency.SendEventAsync(portal.Client, Agency, Status(dossier.Id, "accepted"), at: DateTimeOffset.UtcNow.AddSeconds(-301)),
            await agency.SendEventAsync(portal.Client, Agency, Status(dossier.Id, "accepted"), at: DateTimeOffset.UtcNow.AddSeconds(400)),
        };

        Assert.All(responses, r => Assert.Equal(HttpStatusCode.Unauthorized, r.StatusCode));
        Assert.All(responses, r => Assert.Equal("application/problem+json", r.Content.Headers.ContentType?.MediaType));
        Assert.Equal(2, (await portal.RowsAsync(dossier.Id, "history|")).Count);
    }

    [Fact]
    public async Task A_replayed_webhook_id_answers_2xx_and_applies_nothing()
    {
        var (agency, portal, dossier) = await ForwardedAsync(azurite);
        await using var _ = agency;
        await using var __ = portal;
        var id = $"msg_{Guid.NewGuid():N}";

        var first = await agency.SendEventAsync(portal.Client, Agency, Status(dossier.Id, "accepted"), webhookId: id);
        var replay = await agency.SendEventAsync(portal.Client, Agency, Status(dossier.Id, "accepted"), webhookId: id);

        Assert.Equal(HttpStatusCode.OK, first.StatusCode);
        Assert.Equal(HttpStatusCode.OK, replay.StatusCode);
        Assert.True(JsonNode.Parse(await replay.Content.ReadAsStringAsync())!["duplicate"]!.GetValue<bool>());
        Assert.Equal(3, (await portal.RowsAsync(dossier.Id, "history|")).Count);
    }

    [Fact]
    public async Task Only_the_agency_the_dossier_was_delivered_to_may_change_it()
    {
        var (agency, portal, dossier) = await ForwardedAsync(azurite);
        await using var _ = agency;
        await using var __ = portal;
        await using var intruder = await TestAgency.StartAsync();
        await portal.RegisterAsync(intruder, "evn-hcmc");

        var response = await intruder.SendEventAsync(portal.Client, "evn-hcmc", Status(dossier.Id, "accepted"));
        var impersonation = await intruder.SendEventAsync(portal.Client, Agency, Status(dossier.Id, "accepted"));

        Assert.Equal(HttpStatusCode.NotFound, response.StatusCode);
        Assert.Equal(HttpStatusCode.Unauthorized, impersonation.StatusCode);
        var (_, view) = await portal.GetDossierAsync(dossier.Id, dossier.AccessKey);
        Assert.Equal("forwarded", view!["status"]!.GetValue<string>());
    }

    [Theory]
    [InlineData("processing")]
    [InlineData("approved")]
    [InlineData("received")]
    public async Task An_illegal_transition_is_refused(string status)
    {
        var (agency, portal, dossier) = await ForwardedAsync(azurite);
        await using var _ = agency;
        await using var __ = portal;

        var response = await agency.SendEventAsync(portal.Client, Agency, Status(dossier.Id, status));

        Assert.True(response.StatusCode is HttpStatusCode.Conflict or HttpStatusCode.BadRequest, $"got {response.StatusCode}");
        Assert.Equal(2, (await portal.RowsAsync(dossier.Id, "history|")).Count);
    }

    [Fact]
    public async Task Two_concurrent_callbacks_cannot_both_apply()
    {
        var (agency, portal, dossier) = await ForwardedAsync(azurite);
        await using var _ = agency;
        await using var __ = portal;

        // Eight distinct events all asking forwarded → accepted: legal once, so exactly one may win.
        var responses = await Task.WhenAll(Enumerable.Range(0, 8).Select(_ =>
            agency.SendEventAsync(portal.Client, Agency, Status(dossier.Id, "accepted"))));

        Assert.Equal(1, responses.Count(r => r.StatusCode == HttpStatusCode.OK));
        Assert.All(responses.Where(r => r.StatusCode != HttpStatusCode.OK), r => Assert.Equal(HttpStatusCode.Conflict, r.StatusCode));
        Assert.Equal(3, (await portal.RowsAsync(dossier.Id, "history|")).Count);
    }

    [Fact]
    public async Task Unknown_agencies_dossiers_and_event_types_are_clear_4xx_answers()
    {
        var (agency, portal, dossier) = await ForwardedAsync(azurite);
        await using var _ = agency;
        await using var __ = portal;

        var unknownAgency = await agency.SendEventAsync(portal.Client, "no-such-agency", Status(dossier.Id, "accepted"));
        var unknownDossier = await agency.SendEventAsync(portal.Client, Agency, Status("HS-ZZZZZZZZZZZZ", "accepted"));
        var unknownType = await agency.SendEventAsync(portal.Client, Agency, new { type = "dossier.exploded", timestamp = DateTimeOffset.UtcNow, data = new { } });
        var garbageResult = await agency.SendEventAsync(portal.Client, Agency, new
        {
            type = "dossier.result_issued",
            timestamp = DateTimeOffset.UtcNow,
            data = new { dossierId = dossier.Id, documents = new[] { new { fileName = "x.pdf", contentType = "application/pdf", contentBase64 = "%%%" } } },
        });

        Assert.Equal(HttpStatusCode.NotFound, unknownAgency.StatusCode);
        Assert.Equal(HttpStatusCode.NotFound, unknownDossier.StatusCode);
        Assert.Equal(HttpStatusCode.BadRequest, unknownType.StatusCode);
        Assert.Equal(HttpStatusCode.BadRequest, garbageResult.StatusCode);
    }
}
