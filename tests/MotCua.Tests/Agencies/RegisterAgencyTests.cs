using System.Net;
using MotCua.Tests.Infrastructure;

namespace MotCua.Tests.Agencies;

public sealed class RegisterAgencyTests(Azurite azurite) : IClassFixture<Azurite>
{
    private static readonly string Secret = "whsec_" + Convert.ToBase64String(System.Security.Cryptography.RandomNumberGenerator.GetBytes(32));

    private static Task<HttpResponseMessage> PutAsync(Portal portal, string id, object body, string? key = FunctionApp.AdminKey) =>
        portal.Client.SendAsync(HttpMethod.Put, $"/api/ops/agencies/{id}", body, functionKey: key);

    [Fact]
    public async Task Registering_an_endpoint_never_echoes_the_secret()
    {
        await using var portal = await Portal.StartAsync(azurite);

        using var first = await PutAsync(portal, "soct-hue", new { name = "Sở Công Thương Huế", provinceCode = "46", webhookUrl = "https://motcua.hue.gov.vn/hooks", secret = Secret });
        using var second = await PutAsync(portal, "soct-hue", new { name = "Sở Công Thương thành phố Huế", webhookUrl = "https://motcua.hue.gov.vn/hooks/v2", secret = Secret });

        Assert.Equal(HttpStatusCode.Created, first.StatusCode);
        Assert.Equal(HttpStatusCode.OK, second.StatusCode);
        var text = await second.Content.ReadAsStringAsync();
        Assert.DoesNotContain(Secret[6..], text);
        Assert.Contains("\"secretConfigured\":true", text);
    }

    [Theory]
    [InlineData(null)]
    [InlineData(FunctionApp.FunctionKey)]
    public async Task Registering_needs_the_admin_key(string? key)
    {
        await using var portal = await Portal.StartAsync(azurite);

        using var response = await PutAsync(portal, "soct-hue", new { name = "x", webhookUrl = "https://a.vn/h", secret = Secret }, key);

        Assert.Equal(HttpStatusCode.Unauthorized, response.StatusCode);
    }

    [Theory]
    [InlineData("ftp://a.vn/h", "webhookUrl")]
    [InlineData("http://agency.example.vn/h", "webhookUrl")]
    [InlineData("https://user:pass@a.vn/h", "webhookUrl")]
    [InlineData("https://a.vn/h", "secret")]
    public async Task Bad_urls_and_secrets_are_a_400_naming_the_field(string url, string field)
    {
        await using var portal = await Portal.StartAsync(azurite);
        var secret = field == "secret" ? "whsec_dG9vc2hvcnQ=" : Secret;

        using var response = await PutAsync(portal, "soct-hue", new { name = "Sở Công Thương Huế", webhookUrl = url, secret });

        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        Assert.Contains($"\"{field}\"", await response.Content.ReadAsStringAsync());
    }

    [Fact]
    public async Task An_agency_outside_the_catalog_cannot_be_registered()
    {
        await using var portal = await Portal.StartAsync(azurite);

        using var response = await PutAsync(portal, "evil-agency", new { name = "x", webhookUrl = "https://a.vn/h", secret = Secret });

        Assert.Equal(HttpStatusCode.NotFound, response.StatusCode);
    }
}
