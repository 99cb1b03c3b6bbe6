using System.Net;
using MotCua.Tests.Infrastructure;

namespace MotCua.Tests.Hosting;

public sealed class HealthTests(Azurite azurite) : IClassFixture<Azurite>
{
    [Fact]
    public async Task Health_answers_200_when_storage_answers()
    {
        await using var app = await FunctionApp.StartAsync(azurite);

        var response = await app.Client.GetAsync(new Uri("/api/health", UriKind.Relative));

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
    }

    [Fact]
    public async Task Health_answers_503_problem_when_storage_is_unreachable()
    {
        await using var app = await FunctionApp.StartAsync(azurite, settings: new Dictionary<string, string?> { ["AzureWebJobsStorage"] = Azurite.UnreachableConnectionString() });

        var response = await app.Client.GetAsync(new Uri("/api/health", UriKind.Relative));

        Assert.Equal(HttpStatusCode.ServiceUnavailable, response.StatusCode);
        Assert.Equal("application/problem+json", response.Content.Headers.ContentType?.MediaType);
    }
}
