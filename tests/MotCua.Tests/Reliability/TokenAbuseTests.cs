// Abuse of sign-in: tokens that are not the provider's for this API, no longer valid, or naming nobody, against the account's and a
// dossier's endpoints. Each is refused before anything runs (401, or 403 for a valid token naming nobody), the same on every
// endpoint, and changes nothing; a signed-in citizen reaches no other account's dossier or document; agencies cannot touch the
// consent or the access log.
using System.Net;
using System.Security.Cryptography;
using System.Text;
using System.Text.Json.Nodes;
using Microsoft.IdentityModel.JsonWebTokens;
using Microsoft.IdentityModel.Tokens;
using MotCua.Tests.Accounts;
using MotCua.Tests.Infrastructure;

namespace MotCua.Tests.Reliability;

public sealed class TokenAbuseTests(Azurite azurite) : IClassFixture<Azurite>
{
    private const string Hanoi = AccountScene.Hanoi;
    private const string An = AccountScene.AnIdNumber;
    private const string Binh = AccountScene.BinhIdNumber;

    [Fact]
    public async Task A_token_of_another_issuer_unsigned_forged_altered_or_expired_is_a_401_everywhere_and_changes_nothing()
    {
        var lifetime = TimeSpan.FromSeconds(15);
        await using var identity = await TestIdentity.StartAsync(lifetime);
        await using var stranger = await TestIdentity.StartAsync();
        await using var agency = await TestAgency.StartAsync();
        // Every forged token on every endpoint from one address: budgets for a crowd.
        await using var portal = await Portal.StartAsync(azurite,
            FunctionApp.ManyClients(new Dictionary<string, string?>(identity.PortalSettings()) { ["Auth:ClockSkew"] = "00:00:00" }));
        var valid = await SignInAsync(identity, An);
        var signedAt = DateTimeOffset.UtcNow;
        var dossier = await portal.SubmitForwardedAsync(agency, Hanoi, p => p.SubmitJsonAsync(Samples.ElectricityPayment(), bearer: valid));
        var endpoints = Endpoints(dossier.Id);
        var forged = new Dictionary<string, string>
        {
            ["another provider's token"] = await SignInAsync(stranger, An),
            ["alg none"] = $"{Header(valid, """{"alg":"none","typ":"at+jwt"}""")}.{Payload(valid)}.",
            ["signed with a key of its own under the provider's key id"] = Forge(valid, Payload(valid)),
            ["another identity number in a signed token"] = $"{Header(valid)}.{Base64UrlEncoder.Encode(Encoding.UTF8.GetBytes(
                Encoding.UTF8.GetString(Base64UrlEncoder.DecodeBytes(Payload(valid))).Replace(An, Binh, StringComparison.Ordinal)))}.{valid.Split('.')[2]}",
            ["not a JWT"] = "not-a-token",
        };
        var before = await portal.StorageSnapshotAsync();

        foreach (var (name, token) in forged)
        {
            foreach (var (method, path, body) in endpoints)
            {
                using var response = await portal.Client.SendAsync(method, path, body, bearer: token);
                Assert.True(response.StatusCode == HttpStatusCode.Unauthorized, $"{name} on {method} {path}: {(int)response.StatusCode}");
                Assert.Equal("application/problem+json", response.Content.Headers.ContentType?.MediaType);
                Assert.StartsWith("Bearer", response.Headers.WwwAuthenticate.ToString(), StringComparison.Ordinal);
            }
        }

        foreach (var authorization in new[] { "Basic YW46YW4=", "Bearer", "Bearer    ", $"Bearer {valid} {valid}" })
        {
            using var request = PortalHttp.Request(HttpMethod.Get, "/api/me");
            request.Headers.TryAddWithoutValidation("Authorization", authorization);
            using var response = await portal.Client.SendAsync(request);
            Assert.True(response.StatusCode == HttpStatusCode.Unauthorized, $"Authorization: {authorization}: {(int)response.StatusCode}");
        }

        Assert.Equal(before, await portal.StorageSnapshotAsync());
        using (var fresh = await portal.Client.SendAsync(HttpMethod.Get, $"/api/dossiers/{dossier.Id}", bearer: valid))
        {
            Assert.True(fresh.StatusCode == HttpStatusCode.OK, $"The valid token, {(DateTimeOffset.UtcNow - signedAt).TotalSeconds:F1} s old: {(int)fresh.StatusCode}");
        }

        await Task.Delay(signedAt + lifetime + TimeSpan.FromSeconds(1) - DateTimeOffset.UtcNow);
        foreach (var (method, path, body) in endpoints)
        {
            using var expired = await portal.Client.SendAsync(method, path, body, bearer: valid);
            Assert.True(expired.StatusCode == HttpStatusCode.Unauthorized, $"an expired token on {method} {path}: {(int)expired.StatusCode}");
        }
    }

    [Fact]
    public async Task A_token_for_another_audience_is_a_401_and_a_valid_token_naming_nobody_is_a_403()
    {
        await using var identity = await TestIdentity.StartAsync();
        var token = await SignInAsync(identity, An);
        await using (var otherApi = await Portal.StartAsync(azurite, new Dictionary<string, string?>(identity.PortalSettings()) { ["Auth:Audience"] = "another-api" }))
        {
            using var response = await otherApi.Client.SendAsync(HttpMethod.Get, "/api/me", bearer: token);
            Assert.Equal(HttpStatusCode.Unauthorized, response.StatusCode);
        }

        // A provider whose tokens carry the identity number and tax code under claims this portal does not read.
        await using var nobody = await Portal.StartAsync(azurite,
            new Dictionary<string, string?>(identity.PortalSettings()) { ["Auth:IdNumberClaim"] = "so_dinh_danh", ["Auth:TaxCodeClaim"] = "ma_so_thue" });
        foreach (var (method, path, body) in Endpoints("HS-0000000000000"))
        {
            using var response = await nobody.Client.SendAsync(method, path, body, bearer: token);
            Assert.True(response.StatusCode == HttpStatusCode.Forbidden, $"{method} {path}: {(int)response.StatusCode}");
            Assert.Equal("application/problem+json", response.Content.Headers.ContentType?.MediaType);
        }
    }

    [Fact]
    public async Task Another_accounts_documents_are_404_and_agencies_cannot_touch_the_consent_or_the_access_log()
    {
        await using var scene = await AccountScene.StartAsync(azurite);
        var (agency, portal, an, binh, submitted) = (scene.Agency, scene.Portal, scene.An, scene.Binh, scene.Dossier);
        using var list = await portal.Client.SendAsync(HttpMethod.Get, "/api/me/documents", bearer: an);
        var documentId = JsonNode.Parse(await list.Content.ReadAsStringAsync())![0]!["id"]!.GetValue<string>();
        var consentBefore = await portal.PartitionAsync(submitted.Id);

        foreach (var (method, path) in new[]
                 {
                     (HttpMethod.Get, $"/api/me/documents/{documentId}/content"), (HttpMethod.Get, $"/api/me/documents/{documentId}/access-log"),
                     (HttpMethod.Delete, $"/api/me/documents/{documentId}/consent/{submitted.Id}"),
                     (HttpMethod.Get, $"/api/me/documents/{submitted.Id}.0000000000000000/access-log"),
                     (HttpMethod.Get, "/api/me/documents/..%2F..%2Fdossier/content"),
                 })
        {
            using var response = await portal.Client.SendAsync(method, path, bearer: binh);
            Assert.True(response.StatusCode == HttpStatusCode.NotFound, $"{method} {path} by another account: {(int)response.StatusCode}");
            using var anonymous = await portal.Client.SendAsync(method, path);
            Assert.True(anonymous.StatusCode == HttpStatusCode.Unauthorized, $"{method} {path} signed out: {(int)anonymous.StatusCode}");
        }

        // An agency has only its signed events: none of them names a consent or a read, and its signature opens no account endpoint.
        foreach (var type in new[] { "dossier.consent_withdrawn", "document.access_logged", "consent.changed" })
        {
            using var refused = await agency.SendEventAsync(portal.Client, Hanoi,
                new { type, timestamp = DateTimeOffset.UtcNow, data = new { dossierId = submitted.Id, documentId } });
            Assert.True(refused.StatusCode is HttpStatusCode.BadRequest, $"{type}: {(int)refused.StatusCode}");
        }

        using var signedDelete = agency.SignEvent(Hanoi, new { });
        signedDelete.Method = HttpMethod.Delete;
        signedDelete.RequestUri = new Uri($"/api/me/documents/{documentId}/consent/{submitted.Id}", UriKind.Relative);
        using var asAgency = await portal.Client.SendAsync(signedDelete);
        Assert.Equal(HttpStatusCode.Unauthorized, asAgency.StatusCode);
        Assert.Equal(consentBefore, await portal.PartitionAsync(submitted.Id));
    }

    /// <summary>Endpoints of each kind a token opens: the account's, a dossier's, and submission.</summary>
    private static (HttpMethod, string, object?)[] Endpoints(string dossierId) =>
    [
        (HttpMethod.Get, "/api/me", null), (HttpMethod.Get, "/api/me/dossiers", null), (HttpMethod.Get, "/api/me/documents", null),
        (HttpMethod.Get, $"/api/dossiers/{dossierId}", null), (HttpMethod.Post, $"/api/dossiers/{dossierId}/withdraw", null),
        (HttpMethod.Post, "/api/dossiers", Samples.ElectricityPayment()),
    ];

    private static string Header(string token, string? json = null) =>
        json is null ? token.Split('.')[0] : Base64UrlEncoder.Encode(Encoding.UTF8.GetBytes(json));

    private static string Payload(string token) => token.Split('.')[1];

    /// <summary>The token's claims signed with a new RSA key that claims the provider's key id.</summary>
    private static string Forge(string token, string payload)
    {
        var kid = new JsonWebToken(token).Kid;
        using var rsa = RSA.Create(2048);
        return new JsonWebTokenHandler().CreateToken(Encoding.UTF8.GetString(Base64UrlEncoder.DecodeBytes(payload)),
            new SigningCredentials(new RsaSecurityKey(rsa) { KeyId = kid }, SecurityAlgorithms.RsaSha256));
    }

    private static Task<string> SignInAsync(TestIdentity identity, string account) => AccountScene.SignInAsync(identity, account);
}
