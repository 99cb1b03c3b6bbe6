using System.Net;
using MotCua.Tests.Infrastructure;

namespace MotCua.Tests.Feedback;

public sealed class RatingTests(Azurite azurite) : IClassFixture<Azurite>
{
    private static Task<HttpResponseMessage> RateAsync(Portal portal, Submitted dossier, object body, string? accessKey = null) =>
        portal.Client.SendAsync(HttpMethod.Post, $"/api/dossiers/{dossier.Id}/rating", body, accessKey: accessKey ?? dossier.AccessKey);

    [Fact]
    public async Task A_finished_dossier_is_rated_once_and_the_rating_is_counted()
    {
        // The ratings counter counts the whole account: an account of this test's own, so the count is this test's alone.
        await using var storage = await Azurite.StartNewAsync();
        await using var agency = await TestAgency.StartAsync();
        await using var portal = await Portal.StartAsync(storage);
        var dossier = await portal.SubmitForwardedAsync(agency, "evn-hanoi", p => p.SubmitJsonAsync(Samples.ElectricityPayment()));
        var tooEarly = await RateAsync(portal, dossier, new { score = 5 });
        await agency.ApplyAsync(portal.Client, "evn-hanoi",
            new { type = "dossier.status_changed", timestamp = DateTimeOffset.UtcNow, data = new { dossierId = dossier.Id, status = "rejected", note = "Sai mã khách hàng" } });

        var first = await RateAsync(portal, dossier, new { score = 4, comment = "Xử lý nhanh, cán bộ nhiệt tình." });
        var twice = await RateAsync(portal, dossier, new { score = 1 });

        Assert.Equal(HttpStatusCode.Conflict, tooEarly.StatusCode);
        Assert.Equal(HttpStatusCode.Created, first.StatusCode);
        Assert.Equal(HttpStatusCode.Conflict, twice.StatusCode);
        var (_, view) = await portal.GetDossierAsync(dossier.Id, dossier.AccessKey);
        Assert.Equal(4, view!["rating"]!["score"]!.GetValue<int>());
        Assert.Equal(1, await FeedbackTests.TotalAsync(portal, "ratings"));
    }

    [Theory]
    [InlineData(0)]
    [InlineData(6)]
    public async Task A_score_outside_one_to_five_is_a_400(int score)
    {
        await using var portal = await Portal.StartAsync(azurite);
        var dossier = await portal.SubmitJsonAsync(Samples.ElectricityPayment());

        using var response = await RateAsync(portal, dossier, new { score });

        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
    }

    [Fact]
    public async Task Rating_with_a_wrong_key_looks_like_an_unknown_dossier()
    {
        await using var portal = await Portal.StartAsync(azurite);
        var dossier = await portal.SubmitJsonAsync(Samples.ElectricityPayment());

        using var response = await RateAsync(portal, dossier, new { score = 5 }, accessKey: "GUESSGUESSGUESSGUESSGUESSGUESS00");

        Assert.Equal(HttpStatusCode.NotFound, response.StatusCode);
        Assert.Null((await portal.RowsAsync(dossier.Id, "rating")).FirstOrDefault());
    }
}
