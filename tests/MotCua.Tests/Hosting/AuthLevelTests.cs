using System.Net;
using MotCua.Hosting;
using MotCua.Tests.Infrastructure;

namespace MotCua.Tests.Hosting;

public sealed class AuthLevelTests(Azurite azurite) : IClassFixture<Azurite>
{
    private static FunctionRegistry Registry() => new FunctionRegistry()
        .AddHttp("Open", "GET", "test/open", AuthLevel.Anonymous, () => "open")
        .AddHttp("Keyed", "GET", "test/keyed", AuthLevel.Function, () => "keyed")
        .AddHttp("Master", "GET", "test/master", AuthLevel.Admin, () => "master");

    [Theory]
    [InlineData("/api/test/open", null, null, HttpStatusCode.OK)]
    [InlineData("/api/test/keyed", null, null, HttpStatusCode.Unauthorized)]
    [InlineData("/api/test/keyed", "wrong-key", null, HttpStatusCode.Unauthorized)]
    [InlineData("/api/test/keyed", FunctionApp.FunctionKey, null, HttpStatusCode.OK)]
    [InlineData("/api/test/keyed", null, FunctionApp.FunctionKey, HttpStatusCode.OK)]
    [InlineData("/api/test/keyed", FunctionApp.AdminKey, null, HttpStatusCode.OK)]
    [InlineData("/api/test/master", FunctionApp.FunctionKey, null, HttpStatusCode.Unauthorized)]
    [InlineData("/api/test/master", null, FunctionApp.AdminKey, HttpStatusCode.OK)]
    [InlineData("/api/test/master", FunctionApp.AdminKey, null, HttpStatusCode.OK)]
    public async Task Auth_level_is_enforced_with_header_or_code_query(string path, string? headerKey, string? codeKey, HttpStatusCode expected)
    {
        await using var app = await FunctionApp.StartAsync(azurite, Registry());
        using var request = new HttpRequestMessage(HttpMethod.Get, codeKey is null ? path : $"{path}?code={Uri.EscapeDataString(codeKey)}");
        if (headerKey is not null)
        {
            request.Headers.Add("x-functions-key", headerKey);
        }

        using var response = await app.Client.SendAsync(request);

        Assert.Equal(expected, response.StatusCode);
        if (expected == HttpStatusCode.Unauthorized)
        {
            Assert.Equal("application/problem+json", response.Content.Headers.ContentType?.MediaType);
        }
    }

    [Fact]
    public async Task An_empty_configured_key_never_matches_an_empty_presented_key()
    {
        await using var app = await FunctionApp.StartAsync(azurite, Registry(),
            new Dictionary<string, string?> { ["FunctionKeys:Default"] = "", ["FunctionKeys:Admin"] = "" });

        using var response = await app.Client.GetAsync(new Uri("/api/test/keyed?code=", UriKind.Relative));

        Assert.Equal(HttpStatusCode.Unauthorized, response.StatusCode);
    }
}
