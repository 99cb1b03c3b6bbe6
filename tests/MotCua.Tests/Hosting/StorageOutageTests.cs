using System.Diagnostics;
using System.Net;
using Azure;
using MotCua.Hosting;
using MotCua.Tests.Infrastructure;

namespace MotCua.Tests.Hosting;

public sealed class StorageOutageTests(Azurite azurite) : IClassFixture<Azurite>
{
    public static TheoryData<string, string> Requests => new()
    {
        { "POST", "/api/dossiers" },
        { "GET", "/api/dossiers/HS-0000000000AB" },
        { "POST", "/api/feedback" },
    };

    [Theory]
    [MemberData(nameof(Requests))]
    public async Task A_request_storage_cannot_answer_gets_a_prompt_503_problem_with_retry_after(string method, string path)
    {
        await using var app = await FunctionApp.StartAsync(azurite,
            settings: new Dictionary<string, string?> { ["AzureWebJobsStorage"] = Azurite.UnreachableConnectionString() });
        object? body = method != "POST" ? null : path.EndsWith("feedback", StringComparison.Ordinal) ? Samples.Feedback() : Samples.ElectricityPayment();

        var started = Stopwatch.StartNew();
        using var response = await app.Client.SendAsync(new HttpMethod(method), path, body, accessKey: "khoa-bat-ky");

        Assert.True(started.Elapsed < TimeSpan.FromSeconds(10), $"answered after {started.Elapsed}");
        Assert.Equal(HttpStatusCode.ServiceUnavailable, response.StatusCode);
        Assert.Equal("application/problem+json", response.Content.Headers.ContentType?.MediaType);
        Assert.Equal(TimeSpan.FromSeconds(StorageOutage.RetryAfterSeconds), response.Headers.RetryAfter?.Delta);
    }

    [Fact]
    public void Only_failures_of_storage_itself_count_as_an_outage()
    {
        var unreachable = new RequestFailedException(0, "connection refused", new HttpRequestException("refused"));
        Assert.True(StorageOutage.IsOutage(new AggregateException(unreachable, unreachable)));
        Assert.True(StorageOutage.IsOutage(new RequestFailedException(503, "server busy")));
        Assert.True(StorageOutage.IsOutage(new TaskCanceledException("network timeout")));
        Assert.False(StorageOutage.IsOutage(new RequestFailedException(409, "conflict")));
        Assert.False(StorageOutage.IsOutage(new AggregateException(unreachable, new InvalidOperationException())));
        Assert.False(StorageOutage.IsOutage(new InvalidOperationException()));
    }
}
