// Contract tests for custom-handler mode: requests shaped exactly as the Azure Functions host sends them
// (ToHttpScriptInvocationContext: strings and scalars JSON-encoded a second time, objects raw).
using System.Collections.Concurrent;
using System.Net;
using System.Net.Http.Json;
using System.Text;
using System.Text.Json;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.DependencyInjection;
using MotCua.Hosting;
using MotCua.Tests.Infrastructure;

namespace MotCua.Tests.Hosting;

public sealed class CustomHandlerTests(Azurite azurite) : IClassFixture<Azurite>
{
    [Fact]
    public async Task Queue_function_receives_the_hosts_double_encoded_message_and_metadata()
    {
        await using var handler = await CustomHandlerApp.StartAsync(azurite);

        var response = await handler.PostAsync("RecordSample", """
            {
              "Data": { "message": "\"{\\\"a\\\":1,\\\"b\\\":\\\"Hồ sơ\\\"}\"" },
              "Metadata": {
                "DequeueCount": "2",
                "ExpirationTime": "\"2026-11-27T01:02:03+00:00\"",
                "Id": "\"800ae4b3-bdd2-4c08-badd-f08e5a34b865\"",
                "InsertionTime": "\"2026-11-20T01:02:03+00:00\"",
                "NextVisibleTime": "\"2026-11-20T01:12:03+00:00\"",
                "PopReceipt": "\"AgAAAAMAAAAAAAAAAgtnj8x+1QE=\"",
                "sys": { "MethodName": "RecordSample", "UtcNow": "2026-11-20T01:02:04.2205399Z", "RandGuid": "24ad4c06-24ad-4e5b-8294-3da9714877e9" }
              }
            }
            """);

        await AssertReplyAsync(response, HttpStatusCode.OK);
        var (message, info) = Assert.IsType<(Sample, QueueMessageInfo)>(Assert.Single(handler.Recorder.Calls));
        Assert.Equal(new Sample(1, "Hồ sơ"), message);
        Assert.Equal(new QueueMessageInfo("800ae4b3-bdd2-4c08-badd-f08e5a34b865", 2,
            DateTimeOffset.Parse("2026-11-20T01:02:03Z", System.Globalization.CultureInfo.InvariantCulture),
            DateTimeOffset.Parse("2026-11-27T01:02:03Z", System.Globalization.CultureInfo.InvariantCulture),
            DateTimeOffset.Parse("2026-11-20T01:12:03Z", System.Globalization.CultureInfo.InvariantCulture)), info);
    }

    [Fact]
    public async Task Queue_function_receives_a_raw_object_message_and_plain_metadata()
    {
        await using var handler = await CustomHandlerApp.StartAsync(azurite);

        var response = await handler.PostAsync("RecordSample", """
            {
              "Data": { "message": { "a": 7, "b": "Phản ánh" } },
              "Metadata": { "DequeueCount": 1, "Id": "abc", "InsertionTime": "2026-11-20T08:02:03+07:00" }
            }
            """);

        await AssertReplyAsync(response, HttpStatusCode.OK);
        var (message, info) = Assert.IsType<(Sample, QueueMessageInfo)>(Assert.Single(handler.Recorder.Calls));
        Assert.Equal(new Sample(7, "Phản ánh"), message);
        Assert.Equal("abc", info.Id);
        Assert.Equal(1, info.DequeueCount);
        Assert.Equal(new DateTimeOffset(2026, 11, 20, 1, 2, 3, TimeSpan.Zero), info.InsertionTime);
        Assert.Null(info.ExpirationTime);
    }

    [Theory]
    // The host's double encoding of a text holding quotes: unwrapped exactly once.
    [InlineData(""" "\"Xin chào \\\"bạn\\\"\"" """, "Xin chào \"bạn\"")]
    // The documentation's sample: a string that is not itself a JSON literal is the text as it is.
    [InlineData(""" "{ message: \"Message sent\" }" """, "{ message: \"Message sent\" }")]
    [InlineData(""" "\"42\"" """, "42")]
    public async Task String_queue_function_receives_the_message_text(string data, string expected)
    {
        await using var handler = await CustomHandlerApp.StartAsync(azurite);

        var response = await handler.PostAsync("RecordText", $$"""{ "Data": { "message": {{data}} }, "Metadata": { "Id": "\"m1\"" } }""");

        await AssertReplyAsync(response, HttpStatusCode.OK);
        var (text, info) = Assert.IsType<(string, QueueMessageInfo)>(Assert.Single(handler.Recorder.Calls));
        Assert.Equal(expected, text);
        Assert.Equal("m1", info.Id);
    }

    [Fact]
    public async Task Timer_function_receives_the_hosts_timer_info()
    {
        await using var handler = await CustomHandlerApp.StartAsync(azurite);

        var response = await handler.PostAsync("RecordTimer", """
            {
              "Data": {
                "timer": {
                  "Schedule": { "AdjustForDST": true },
                  "ScheduleStatus": { "Last": "2026-11-20T00:00:00+07:00", "Next": "2026-11-20T00:05:00+07:00", "LastUpdated": "2026-11-20T00:00:01+07:00" },
                  "IsPastDue": true
                }
              },
              "Metadata": { "sys": { "MethodName": "RecordTimer", "UtcNow": "2026-11-19T17:05:03Z", "RandGuid": "0f8fad5b-d9cb-469f-a165-70867728950e" } }
            }
            """);

        await AssertReplyAsync(response, HttpStatusCode.OK);
        var timer = Assert.IsType<TimerInfo>(Assert.Single(handler.Recorder.Calls));
        Assert.True(timer.IsPastDue);
        var offset = TimeSpan.FromHours(7);
        Assert.Equal(new ScheduleStatus(new DateTimeOffset(2026, 11, 20, 0, 0, 0, offset), new DateTimeOffset(2026, 11, 20, 0, 5, 0, offset),
            new DateTimeOffset(2026, 11, 20, 0, 0, 1, offset)), timer.ScheduleStatus);
    }

    [Fact]
    public async Task Timer_function_on_its_first_run_has_no_schedule_status()
    {
        await using var handler = await CustomHandlerApp.StartAsync(azurite);

        var response = await handler.PostAsync("RecordTimer",
            """{ "Data": { "timer": { "Schedule": { "AdjustForDST": true }, "ScheduleStatus": null, "IsPastDue": false } }, "Metadata": {} }""");

        await AssertReplyAsync(response, HttpStatusCode.OK);
        Assert.Equal(new TimerInfo(null, IsPastDue: false), Assert.Single(handler.Recorder.Calls));
    }

    [Fact]
    public async Task A_function_that_throws_fails_the_invocation_with_500_and_a_log_line()
    {
        await using var handler = await CustomHandlerApp.StartAsync(azurite);

        var response = await handler.PostAsync("Fail", """{ "Data": { "message": "\"boom\"" }, "Metadata": { "DequeueCount": "1" } }""");

        var logs = await AssertReplyAsync(response, HttpStatusCode.InternalServerError);
        Assert.Contains("Fail", Assert.Single(logs), StringComparison.Ordinal);
    }

    [Fact]
    public async Task A_message_the_function_cannot_deserialize_fails_the_invocation_so_the_host_retries_it()
    {
        await using var handler = await CustomHandlerApp.StartAsync(azurite);

        var response = await handler.PostAsync("RecordSample", """{ "Data": { "message": "\"not json\"" }, "Metadata": {} }""");

        await AssertReplyAsync(response, HttpStatusCode.InternalServerError);
        Assert.Empty(handler.Recorder.Calls);
    }

    [Theory]
    [InlineData("RecordSample", "not json")]
    [InlineData("RecordSample", "[]")]
    [InlineData("RecordSample", """{ "Metadata": {} }""")]
    [InlineData("RecordSample", """{ "Data": { "req": "\"x\"" } }""")]
    [InlineData("RecordSample", """{ "Data": { "message": null } }""")]
    [InlineData("RecordSample", """{ "Data": { "message": "{\"a\":1}" }, "Metadata": { "DequeueCount": "\"many\"" } }""")]
    [InlineData("RecordSample", """{ "Data": { "message": "{\"a\":1}" }, "Metadata": { "InsertionTime": "\"yesterday\"" } }""")]
    [InlineData("RecordTimer", """{ "Data": { "timer": "\"not a timer\"" } }""")]
    [InlineData("RecordTimer", """{ "Data": { "timer": { "ScheduleStatus": { "Last": "2026-11-20T00:00:00Z" }, "IsPastDue": false } } }""")]
    public async Task A_malformed_payload_is_rejected_with_400_without_running_the_function(string function, string payload)
    {
        await using var handler = await CustomHandlerApp.StartAsync(azurite);

        var response = await handler.PostAsync(function, payload);

        Assert.Single(await AssertReplyAsync(response, HttpStatusCode.BadRequest));
        Assert.Empty(handler.Recorder.Calls);
    }

    [Theory]
    [InlineData("NoSuchFunction")]
    [InlineData("Echo")]
    public async Task Only_queue_and_timer_functions_are_invocable_by_name(string name)
    {
        await using var handler = await CustomHandlerApp.StartAsync(azurite);

        var response = await handler.PostAsync(name, """{ "Data": { "message": "\"x\"" }, "Metadata": {} }""");

        Assert.Equal(HttpStatusCode.NotFound, response.StatusCode);
    }

    [Fact]
    public async Task Http_function_is_served_on_its_forwarded_route_without_a_key()
    {
        await using var handler = await CustomHandlerApp.StartAsync(azurite);

        var response = await handler.App.Client.GetAsync(new Uri("/api/echo/xin-chao", UriKind.Relative));

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Equal("xin-chao", await response.Content.ReadFromJsonAsync<string>());
    }

    [Fact]
    public async Task Neither_admin_invoke_nor_static_files_exist_in_custom_handler_mode()
    {
        var appRoot = Directory.CreateTempSubdirectory("motcua-customhandler-").FullName;
        try
        {
            Directory.CreateDirectory(Path.Combine(appRoot, "web"));
            await File.WriteAllTextAsync(Path.Combine(appRoot, "web", "index.html"), "<!doctype html><title>Một cửa</title>");
            await using var handler = await CustomHandlerApp.StartAsync(azurite, appRoot);
            using var invoke = new HttpRequestMessage(HttpMethod.Post, "/admin/functions/RecordText")
            {
                Content = JsonContent.Create(new { input = "x" }),
            };
            invoke.Headers.Add("x-functions-key", FunctionApp.AdminKey);

            var admin = await handler.App.Client.SendAsync(invoke);
            var index = await handler.App.Client.GetAsync(new Uri("/index.html", UriKind.Relative));
            var root = await handler.App.Client.GetAsync(new Uri("/", UriKind.Relative));

            Assert.Equal(HttpStatusCode.NotFound, admin.StatusCode);
            Assert.Equal(HttpStatusCode.NotFound, index.StatusCode);
            Assert.Equal(HttpStatusCode.NotFound, root.StatusCode);
            Assert.Empty(handler.Recorder.Calls);
        }
        finally
        {
            Directory.Delete(appRoot, recursive: true);
        }
    }

    /// <summary>Asserts the host's invocation-result shape with nothing in Outputs or ReturnValue, and returns its Logs.</summary>
    private static async Task<string[]> AssertReplyAsync(HttpResponseMessage response, HttpStatusCode expected)
    {
        Assert.Equal(expected, response.StatusCode);
        Assert.Equal("application/json", response.Content.Headers.ContentType?.MediaType);
        using var body = JsonDocument.Parse(await response.Content.ReadAsStringAsync());
        var root = body.RootElement;
        Assert.Equal(["Outputs", "Logs", "ReturnValue"], root.EnumerateObject().Select(p => p.Name));
        Assert.Empty(root.GetProperty("Outputs").EnumerateObject());
        Assert.Equal(JsonValueKind.Null, root.GetProperty("ReturnValue").ValueKind);
        var logs = root.GetProperty("Logs").EnumerateArray().Select(l => l.GetString()!).ToArray();
        if (expected == HttpStatusCode.OK)
        {
            Assert.Empty(logs);
        }

        return logs;
    }

    internal sealed record Sample(int A, string? B = null);

    internal sealed class Recorder
    {
        public ConcurrentQueue<object> Calls { get; } = new();
    }

    internal sealed class RecordSample(Recorder recorder) : IQueueFunction<Sample>
    {
        public Task RunAsync(Sample message, QueueMessageInfo info, CancellationToken cancellationToken)
        {
            recorder.Calls.Enqueue((message, info));
            return Task.CompletedTask;
        }
    }

    internal sealed class RecordText(Recorder recorder) : IQueueFunction<string>
    {
        public Task RunAsync(string message, QueueMessageInfo info, CancellationToken cancellationToken)
        {
            recorder.Calls.Enqueue((message, info));
            return Task.CompletedTask;
        }
    }

    internal sealed class Fail : IQueueFunction<string>
    {
        public Task RunAsync(string message, QueueMessageInfo info, CancellationToken cancellationToken) =>
            throw new InvalidOperationException("The agency is unreachable.");
    }

    internal sealed class RecordTimer(Recorder recorder) : ITimerFunction
    {
        public Task RunAsync(TimerInfo timer, CancellationToken cancellationToken)
        {
            recorder.Calls.Enqueue(timer);
            return Task.CompletedTask;
        }
    }

    /// <summary>The app in custom-handler mode with a test registry and its own recorder.</summary>
    private sealed class CustomHandlerApp : IAsyncDisposable
    {
        private CustomHandlerApp(FunctionApp app, Recorder recorder) => (App, Recorder) = (app, recorder);

        public FunctionApp App { get; }

        public Recorder Recorder { get; }

        public static async Task<CustomHandlerApp> StartAsync(Azurite azurite, string? appRoot = null)
        {
            var recorder = new Recorder();
            var functions = new FunctionRegistry()
                .AddQueue<RecordSample, Sample>("RecordSample", "samples")
                .AddQueue<RecordText, string>("RecordText", "texts")
                .AddQueue<Fail, string>("Fail", "fails")
                .AddTimer<RecordTimer>("RecordTimer", "0 */5 * * * *")
                .AddHttp("Echo", "GET", "echo/{word}", AuthLevel.Function, (string word) => TypedResults.Ok(word));
            var app = await FunctionApp.StartAsync(azurite, functions,
                new Dictionary<string, string?> { ["FUNCTIONS_CUSTOMHANDLER_PORT"] = $"{Azurite.FreePort()}" },
                builder => builder.Services.AddSingleton(recorder), appRoot);
            return new CustomHandlerApp(app, recorder);
        }

        /// <summary>Posts as the host does: <c>POST /{FunctionName}</c> with the invocation payload.</summary>
        public Task<HttpResponseMessage> PostAsync(string function, string payload) =>
            App.Client.PostAsync(new Uri($"/{function}", UriKind.Relative), new StringContent(payload, Encoding.UTF8, "application/json"));

        public ValueTask DisposeAsync() => App.DisposeAsync();
    }
}
