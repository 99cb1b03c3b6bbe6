// HTTP through the DevHost: routes, methods and auth levels from the worker's metadata, keys in the header or the query,
// and problem+json for what matches no function.
using System.Net;
using MotCua.Tests.Infrastructure;

namespace MotCua.Tests.DevHost;

public sealed class DevHostHttpFixture : IAsyncLifetime
{
    private readonly Azurite _azurite = new();

    public TestWorkerApp App { get; private set; } = null!;

    public async Task InitializeAsync()
    {
        await _azurite.InitializeAsync();
        App = await TestWorkerApp.StartAsync(_azurite);
    }

    public async Task DisposeAsync()
    {
        await App.DisposeAsync();
        await _azurite.DisposeAsync();
    }
}

public sealed class DevHostHttpTests(DevHostHttpFixture fixture) : IClassFixture<DevHostHttpFixture>
{
    private HttpClient Client => fixture.App.Client;

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
        using var response = await Client.SendAsync(HttpMethod.Get, codeKey is null ? path : $"{path}?code={Uri.EscapeDataString(codeKey)}",
            functionKey: headerKey);

        Assert.Equal(expected, response.StatusCode);
        if (expected == HttpStatusCode.Unauthorized)
        {
            Assert.Equal("application/problem+json", response.Content.Headers.ContentType?.MediaType);
        }
    }

    [Theory]
    [InlineData("GET", "/api/test/items/42", "\"GET item 42\"")]
    [InlineData("PUT", "/api/test/items/42", "\"PUT item 42\"")]
    [InlineData("GET", "/api/test/items/newest", "\"newest\"")]
    public async Task A_request_reaches_the_function_its_route_and_method_name_with_its_route_values(string method, string path, string expected)
    {
        using var response = await Client.SendAsync(new HttpMethod(method), path);

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Equal(expected, await response.Content.ReadAsStringAsync());
    }

    [Theory]
    [InlineData("GET", "/api/test/nothing", HttpStatusCode.NotFound)]
    [InlineData("GET", "/api/test/items/42/more", HttpStatusCode.NotFound)]
    [InlineData("DELETE", "/api/test/items/42", HttpStatusCode.MethodNotAllowed)]
    [InlineData("POST", "/api/test/open", HttpStatusCode.MethodNotAllowed)]
    public async Task What_matches_no_function_is_a_problem(string method, string path, HttpStatusCode expected)
    {
        using var response = await Client.SendAsync(new HttpMethod(method), path);

        Assert.Equal(expected, response.StatusCode);
        Assert.Equal("application/problem+json", response.Content.Headers.ContentType?.MediaType);
    }

    [Fact]
    public async Task The_front_end_is_served_at_the_root()
    {
        using var response = await Client.GetAsync(new Uri("/", UriKind.Relative));

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Equal("text/html", response.Content.Headers.ContentType?.MediaType);
    }
}

public sealed class DevHostKeyTests(Azurite azurite) : IClassFixture<Azurite>
{
    [Fact]
    public async Task An_empty_configured_key_never_matches_an_empty_presented_key()
    {
        await using var app = await TestWorkerApp.StartAsync(azurite,
            new Dictionary<string, string?> { ["FunctionKeys:Default"] = "", ["FunctionKeys:Admin"] = "" });

        using var response = await app.Client.GetAsync(new Uri("/api/test/keyed?code=", UriKind.Relative));

        Assert.Equal(HttpStatusCode.Unauthorized, response.StatusCode);
    }

    [Fact]
    public async Task A_disabled_http_function_is_not_served_and_the_others_are()
    {
        await using var app = await TestWorkerApp.StartAsync(azurite, new Dictionary<string, string?> { ["AzureWebJobs.Open.Disabled"] = "true" });

        using var disabled = await app.Client.GetAsync(new Uri("/api/test/open", UriKind.Relative));
        using var enabled = await app.Client.GetAsync(new Uri("/api/test/items/1", UriKind.Relative));

        Assert.Equal(HttpStatusCode.NotFound, disabled.StatusCode);
        Assert.Equal(HttpStatusCode.OK, enabled.StatusCode);
    }
}
