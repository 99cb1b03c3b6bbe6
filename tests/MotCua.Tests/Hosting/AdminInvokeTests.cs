using System.Collections.Concurrent;
using System.Net;
using System.Net.Http.Json;
using Microsoft.Extensions.DependencyInjection;
using MotCua.Hosting;
using MotCua.Tests.Infrastructure;

namespace MotCua.Tests.Hosting;

public sealed class AdminInvokeTests(Azurite azurite) : IClassFixture<Azurite>
{
    public sealed record Ping(string Text);

    public sealed class Calls
    {
        public ConcurrentQueue<string> Seen { get; } = new();
    }

    public sealed class RecordPing(Calls calls) : IQueueFunction<Ping>
    {
        public Task RunAsync(Ping message, QueueMessageInfo info, CancellationToken cancellationToken)
        {
            calls.Seen.Enqueue($"queue:{message.Text}:{info.DequeueCount}");
            return Task.CompletedTask;
        }
    }

    public sealed class RecordTick(Calls calls) : ITimerFunction
    {
        public Task RunAsync(TimerInfo timer, CancellationToken cancellationToken)
        {
            calls.Seen.Enqueue($"timer:{timer.IsPastDue}");
            return Task.CompletedTask;
        }
    }

    private async Task<FunctionApp> StartAsync()
    {
        var registry = new FunctionRegistry()
            .AddQueue<RecordPing, Ping>("RecordPing", $"admin-{Guid.NewGuid():N}")
            .AddTimer<RecordTick>("RecordTick", "0 0 0 1 1 *")
            .AddHttp("Hello", "GET", "hello", AuthLevel.Anonymous, () => "hi");
        return await FunctionApp.StartAsync(azurite, registry, configure: b => b.Services.AddSingleton<Calls>());
    }

    private static HttpRequestMessage Invoke(string name, string? key, object? body = null)
    {
        var request = new HttpRequestMessage(HttpMethod.Post, $"/admin/functions/{name}") { Content = body is null ? null : JsonContent.Create(body) };
        if (key is not null)
        {
            request.Headers.Add("x-functions-key", key);
        }

        return request;
    }

    [Fact]
    public async Task Admin_invoke_runs_a_queue_function_with_the_input_as_its_message()
    {
        await using var app = await StartAsync();

        using var response = await app.Client.SendAsync(Invoke("RecordPing", FunctionApp.AdminKey, new { input = """{"text":"xin chào"}""" }));

        Assert.Equal(HttpStatusCode.Accepted, response.StatusCode);
        Assert.Equal(["queue:xin chào:1"], app.Services.GetRequiredService<Calls>().Seen);
    }

    [Fact]
    public async Task Admin_invoke_runs_a_timer_function_and_names_are_case_insensitive()
    {
        await using var app = await StartAsync();

        using var response = await app.Client.SendAsync(Invoke("recordtick", FunctionApp.AdminKey));

        Assert.Equal(HttpStatusCode.Accepted, response.StatusCode);
        Assert.Equal(["timer:False"], app.Services.GetRequiredService<Calls>().Seen);
    }

    [Theory]
    [InlineData(null)]
    [InlineData(FunctionApp.FunctionKey)]
    public async Task Admin_invoke_needs_the_admin_key(string? key)
    {
        await using var app = await StartAsync();

        using var response = await app.Client.SendAsync(Invoke("RecordTick", key));

        Assert.Equal(HttpStatusCode.Unauthorized, response.StatusCode);
        Assert.Empty(app.Services.GetRequiredService<Calls>().Seen);
    }

    [Theory]
    [InlineData("NoSuchFunction", HttpStatusCode.NotFound)]
    [InlineData("Hello", HttpStatusCode.BadRequest)]
    public async Task Admin_invoke_refuses_unknown_and_http_functions_with_a_problem(string name, HttpStatusCode expected)
    {
        await using var app = await StartAsync();

        using var response = await app.Client.SendAsync(Invoke(name, FunctionApp.AdminKey));

        Assert.Equal(expected, response.StatusCode);
        Assert.Equal("application/problem+json", response.Content.Headers.ContentType?.MediaType);
    }

    [Fact]
    public async Task Admin_invoke_with_a_malformed_body_is_a_bad_request_and_runs_nothing()
    {
        await using var app = await StartAsync();
        using var request = Invoke("RecordTick", FunctionApp.AdminKey);
        request.Content = new StringContent("{not json", System.Text.Encoding.UTF8, "application/json");

        using var response = await app.Client.SendAsync(request);

        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        Assert.Empty(app.Services.GetRequiredService<Calls>().Seen);
    }

    [Fact]
    public async Task A_queue_function_that_throws_on_admin_invoke_answers_a_problem_not_a_hang()
    {
        await using var app = await StartAsync();

        using var response = await app.Client.SendAsync(Invoke("RecordPing", FunctionApp.AdminKey, new { input = "not a ping" }));

        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        Assert.Empty(app.Services.GetRequiredService<Calls>().Seen);
    }
}
