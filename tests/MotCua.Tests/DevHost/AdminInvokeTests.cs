// POST /admin/functions/{name}: the host's way to run a queue or timer function now.
using System.Net;
using MotCua.TestWorker;
using MotCua.Tests.Infrastructure;

namespace MotCua.Tests.DevHost;

public sealed class AdminInvokeTests(DevHostHttpFixture fixture) : IClassFixture<DevHostHttpFixture>
{
    private TestWorkerApp App => fixture.App;

    private Task<HttpResponseMessage> InvokeAsync(string name, string? key, object? body = null) =>
        App.Client.SendAsync(HttpMethod.Post, $"/admin/functions/{name}", body, functionKey: key);

    [Fact]
    public async Task Admin_invoke_runs_a_queue_function_with_the_input_as_its_message()
    {
        var input = $"admin-{Guid.NewGuid():N}";

        using var response = await InvokeAsync("RecordPing", FunctionApp.AdminKey, new { input });

        Assert.Equal(HttpStatusCode.Accepted, response.StatusCode);
        Assert.Equal(1, Assert.Single(App.Probe.QueueRuns, r => r.Message == input).DequeueCount);
    }

    [Fact]
    public async Task Admin_invoke_runs_a_timer_function_and_names_are_case_insensitive()
    {
        var before = App.Probe.TimerRuns.Count(r => r.Function == nameof(Tick));

        using var response = await InvokeAsync("tick", FunctionApp.AdminKey, new { input = "" });

        Assert.Equal(HttpStatusCode.Accepted, response.StatusCode);
        Assert.Equal(before + 1, App.Probe.TimerRuns.Count(r => r.Function == nameof(Tick)));
    }

    [Theory]
    [InlineData(null)]
    [InlineData(FunctionApp.FunctionKey)]
    public async Task Admin_invoke_needs_the_admin_key(string? key)
    {
        using var response = await InvokeAsync("RecordPing", key, new { input = "x" });

        Assert.Equal(HttpStatusCode.Unauthorized, response.StatusCode);
        Assert.DoesNotContain(App.Probe.QueueRuns, r => r.Message == "x");
    }

    [Theory]
    [InlineData("NoSuchFunction", HttpStatusCode.NotFound)]
    [InlineData("Open", HttpStatusCode.BadRequest)]
    public async Task Admin_invoke_refuses_unknown_and_http_functions_with_a_problem(string name, HttpStatusCode expected)
    {
        using var response = await InvokeAsync(name, FunctionApp.AdminKey, new { input = "" });

        Assert.Equal(expected, response.StatusCode);
        Assert.Equal("application/problem+json", response.Content.Headers.ContentType?.MediaType);
    }

    [Fact]
    public async Task Admin_invoke_with_a_malformed_body_is_a_bad_request_and_runs_nothing()
    {
        var before = App.Probe.TimerRuns.Count;
        using var response = await InvokeAsync("Tick", FunctionApp.AdminKey, new StringContent("{not json", System.Text.Encoding.UTF8, "application/json"));

        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        Assert.Equal(before, App.Probe.TimerRuns.Count);
    }

    [Fact]
    public async Task A_function_that_fails_on_admin_invoke_answers_a_problem_not_a_hang()
    {
        using var response = await InvokeAsync("FailUntil", FunctionApp.AdminKey, new { input = "99" });

        Assert.False(response.IsSuccessStatusCode);
        Assert.Equal("application/problem+json", response.Content.Headers.ContentType?.MediaType);
    }
}
