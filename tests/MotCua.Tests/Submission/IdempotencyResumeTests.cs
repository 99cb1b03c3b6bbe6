using System.Net;
using System.Security.Cryptography;
using System.Text;
using System.Text.Json;
using Azure.Data.Tables;
using MotCua.Tests.Infrastructure;

namespace MotCua.Tests.Submission;

public sealed class IdempotencyResumeTests(Azurite azurite) : IClassFixture<Azurite>
{
    private static string Sha256(string text) => Convert.ToHexStringLower(SHA256.HashData(Encoding.UTF8.GetBytes(text)));

    /// <summary>Plants what a crash leaves behind: a claim without a response, older than the takeover time.</summary>
    private static async Task PlantInterruptedClaimAsync(Portal portal, string key, string body, string dossierId)
    {
        var claims = portal.Tables.GetTableClient("Idempotency");
        await claims.CreateIfNotExistsAsync();
        await claims.UpsertEntityAsync(new TableEntity(Sha256(key), "")
        {
            ["Fingerprint"] = Sha256(body),
            ["DossierId"] = dossierId,
            ["CreatedAt"] = DateTimeOffset.UtcNow.AddMinutes(-5),
        });
    }

    /// <summary>Submits <paramref name="body"/> byte for byte, as the planted claim's fingerprint was taken of it.</summary>
    private static Task<Submitted> PostAsync(Portal portal, string body, string key) =>
        portal.SubmitJsonAsync(new StringContent(body, Encoding.UTF8, "application/json"), key);

    [Fact]
    public async Task A_retry_after_a_crash_that_stored_the_dossier_finishes_that_dossier_with_a_fresh_key()
    {
        await using var portal = await Portal.StartAsync(azurite);
        var marker = Samples.Marker();
        var dossier = Samples.ElectricityPayment(applicant: Samples.Citizen(marker: marker));
        var body = JsonSerializer.Serialize(dossier, JsonSerializerOptions.Web);
        var key = Guid.NewGuid().ToString();
        var first = await portal.SubmitJsonAsync(dossier);
        await portal.Dossiers.UpdateEntityAsync(new TableEntity(first.Id, "dossier") { ["IdempotencyKeyHash"] = Sha256(key) }, Azure.ETag.All);
        await PlantInterruptedClaimAsync(portal, key, body, first.Id);

        var retried = await PostAsync(portal, body, key);

        Assert.Equal(HttpStatusCode.Created, retried.Response.StatusCode);
        Assert.Equal(first.Id, retried.Id);
        Assert.NotEqual(first.AccessKey, retried.AccessKey);
        Assert.Equal([first.Id], await portal.DossiersMentioningAsync(marker));
        Assert.Equal(HttpStatusCode.OK, (await portal.GetDossierAsync(first.Id, retried.AccessKey)).Response.StatusCode);
    }

    [Fact]
    public async Task A_retry_never_takes_over_a_dossier_submitted_without_its_key()
    {
        await using var portal = await Portal.StartAsync(azurite);
        var body = JsonSerializer.Serialize(Samples.ElectricityPayment(), JsonSerializerOptions.Web);
        var key = Guid.NewGuid().ToString();
        var someoneElses = await portal.SubmitJsonAsync(Samples.ElectricityPayment());
        await PlantInterruptedClaimAsync(portal, key, body, someoneElses.Id);

        var retried = await PostAsync(portal, body, key);

        Assert.Equal(HttpStatusCode.Created, retried.Response.StatusCode);
        Assert.NotEqual(someoneElses.Id, retried.Id);
        Assert.Equal(HttpStatusCode.OK, (await portal.GetDossierAsync(someoneElses.Id, someoneElses.AccessKey)).Response.StatusCode);
    }
}
