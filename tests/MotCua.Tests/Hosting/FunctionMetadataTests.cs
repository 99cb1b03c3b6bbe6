using System.Text.Json;
using System.Text.Json.Nodes;
using Microsoft.AspNetCore.Http;
using MotCua.Hosting;
using MotCua.Tests.Infrastructure;

namespace MotCua.Tests.Hosting;

public sealed class FunctionMetadataTests : IDisposable
{
    private readonly string _output = Directory.CreateTempSubdirectory("motcua-metadata-").FullName;

    public void Dispose() => Directory.Delete(_output, recursive: true);

    [Fact]
    public void Every_function_of_the_app_gets_a_function_json_with_its_trigger()
    {
        var functions = Program.Functions();

        FunctionMetadata.Write(functions, RepoRoot.Path, _output);

        foreach (var function in functions.Functions)
        {
            var trigger = Bindings(function.Name)[0]!;
            var expected = function switch
            {
                HttpFunction => "httpTrigger",
                QueueFunction => "queueTrigger",
                TimerFunction => "timerTrigger",
                _ => throw new InvalidOperationException(function.Name),
            };
            Assert.Equal(expected, (string?)trigger["type"]);
            Assert.Equal("in", (string?)trigger["direction"]);
        }
    }

    [Fact]
    public void Http_functions_get_an_http_trigger_with_route_methods_and_auth_level_and_an_http_output()
    {
        FunctionMetadata.Write(TestRegistry(), RepoRoot.Path, _output);

        AssertJson("""
            [
              { "type": "httpTrigger", "direction": "in", "name": "req", "authLevel": "anonymous", "methods": ["get"], "route": "procedures/{code}" },
              { "type": "http", "direction": "out", "name": "res" }
            ]
            """, Bindings("GetProcedure"));
        Assert.Equal("function", (string?)Bindings("SubmitDossier")[0]!["authLevel"]);
        AssertJson("""["post"]""", Bindings("SubmitDossier")[0]!["methods"]);
        Assert.Equal("admin", (string?)Bindings("ReplayDelivery")[0]!["authLevel"]);
        AssertJson("""["delete"]""", Bindings("ReplayDelivery")[0]!["methods"]);
        Assert.Equal("ops/deliveries/{id}", (string?)Bindings("ReplayDelivery")[0]!["route"]);
    }

    [Fact]
    public void Queue_functions_get_a_queue_trigger_named_as_the_custom_handler_reads_it()
    {
        FunctionMetadata.Write(TestRegistry(), RepoRoot.Path, _output);

        AssertJson($$"""
            [{ "type": "queueTrigger", "direction": "in", "name": "{{FunctionMetadata.QueueBinding}}", "queueName": "deliver", "connection": "AzureWebJobsStorage" }]
            """, Bindings("ForwardDossier"));
    }

    [Fact]
    public void Timer_functions_get_a_timer_trigger_with_run_on_startup_only_when_set()
    {
        FunctionMetadata.Write(TestRegistry(), RepoRoot.Path, _output);

        AssertJson($$"""
            [{ "type": "timerTrigger", "direction": "in", "name": "{{FunctionMetadata.TimerBinding}}", "schedule": "0 0 1 * * *" }]
            """, Bindings("DailyReport"));
        AssertJson($$"""
            [{ "type": "timerTrigger", "direction": "in", "name": "{{FunctionMetadata.TimerBinding}}", "schedule": "0 */5 * * * *", "runOnStartup": true }]
            """, Bindings("OutboxSweep"));
    }

    [Fact]
    public void Host_json_is_the_apps_own_plus_the_custom_handler_section()
    {
        FunctionMetadata.Write(TestRegistry(), RepoRoot.Path, _output);

        var source = JsonNode.Parse(File.ReadAllText(Path.Combine(RepoRoot.Path, "host.json")))!;
        var host = JsonNode.Parse(File.ReadAllText(Path.Combine(_output, "host.json")))!;
        AssertJson("""
            {
              "description": { "defaultExecutablePath": "MotCua", "workingDirectory": ".", "arguments": [] },
              "enableForwardingHttpRequest": true
            }
            """, host["customHandler"]);
        Assert.Equal("api", (string?)host["extensions"]!["http"]!["routePrefix"]);
        Assert.True(JsonNode.DeepEquals(source["extensions"]!["queues"], host["extensions"]!["queues"]));
        Assert.Equal((string?)source["version"], (string?)host["version"]);
        Assert.Equal("Microsoft.Azure.Functions.ExtensionBundle", (string?)host["extensionBundle"]!["id"]);
    }

    [Fact]
    public void Host_json_keeps_an_existing_extension_bundle_and_forces_the_api_route_prefix()
    {
        var host = FunctionMetadata.HostJson("""
            {
              // comments are allowed in host.json
              "version": "2.0",
              "extensions": { "http": { "routePrefix": "" } },
              "extensionBundle": { "id": "Microsoft.Azure.Functions.ExtensionBundle", "version": "[4.10.0, 5.0.0)" },
              "customHandler": { "description": { "defaultExecutablePath": "old" } },
            }
            """);

        Assert.Equal("api", (string?)host["extensions"]!["http"]!["routePrefix"]);
        Assert.Equal("[4.10.0, 5.0.0)", (string?)host["extensionBundle"]!["version"]);
        Assert.Equal("MotCua", (string?)host["customHandler"]!["description"]!["defaultExecutablePath"]);
    }

    [Fact]
    public void Writing_again_removes_function_folders_of_functions_that_no_longer_exist_and_nothing_else()
    {
        var stale = Directory.CreateDirectory(Path.Combine(_output, "RemovedFunction")).FullName;
        File.WriteAllText(Path.Combine(stale, "function.json"), "{}");
        var foreign = Directory.CreateDirectory(Path.Combine(_output, "runtimes")).FullName;
        File.WriteAllText(Path.Combine(foreign, "function.json"), "{}");
        File.WriteAllText(Path.Combine(foreign, "native.so"), "");
        var current = Directory.CreateDirectory(Path.Combine(_output, "ForwardDossier")).FullName;
        File.WriteAllText(Path.Combine(current, "function.json"), "{}");

        FunctionMetadata.Write(TestRegistry(), RepoRoot.Path, _output);

        Assert.False(Directory.Exists(stale));
        Assert.True(File.Exists(Path.Combine(foreign, "native.so")));
        Assert.Equal("queueTrigger", (string?)Bindings("ForwardDossier")[0]!["type"]);
    }

    [Fact]
    public void Output_is_deterministic()
    {
        FunctionMetadata.Write(TestRegistry(), RepoRoot.Path, _output);
        var first = Snapshot();

        FunctionMetadata.Write(TestRegistry(), RepoRoot.Path, _output);

        Assert.Equal(first, Snapshot());
        Assert.StartsWith("{\n  \"bindings\": [\n    {\n      \"type\": \"httpTrigger\",", first["GetProcedure/function.json"], StringComparison.Ordinal);
    }

    private static FunctionRegistry TestRegistry() => new FunctionRegistry()
        .AddHttp("GetProcedure", "GET", "procedures/{code}", AuthLevel.Anonymous, () => TypedResults.Ok())
        .AddHttp("SubmitDossier", "POST", "dossiers", AuthLevel.Function, () => TypedResults.Ok())
        .AddHttp("ReplayDelivery", "DELETE", "ops/deliveries/{id}", AuthLevel.Admin, () => TypedResults.Ok())
        .AddQueue<NoOpQueue, string>("ForwardDossier", "deliver")
        .AddTimer<NoOpTimer>("DailyReport", "0 0 1 * * *")
        .AddTimer<NoOpTimer>("OutboxSweep", "0 */5 * * * *", runOnStartup: true);

    private JsonArray Bindings(string function) =>
        JsonNode.Parse(File.ReadAllText(Path.Combine(_output, function, "function.json")))!["bindings"]!.AsArray();

    private Dictionary<string, string> Snapshot() => Directory.EnumerateFiles(_output, "*.json", SearchOption.AllDirectories)
        .ToDictionary(path => Path.GetRelativePath(_output, path).Replace('\\', '/'), File.ReadAllText);

    private static void AssertJson(string expected, JsonNode? actual) =>
        Assert.True(JsonNode.DeepEquals(JsonNode.Parse(expected), actual),
            $"Expected {expected}{Environment.NewLine}but got {actual?.ToJsonString(new JsonSerializerOptions { WriteIndented = true })}");

    internal sealed class NoOpQueue : IQueueFunction<string>
    {
        public Task RunAsync(string message, QueueMessageInfo info, CancellationToken cancellationToken) => Task.CompletedTask;
    }

    internal sealed class NoOpTimer : ITimerFunction
    {
        public Task RunAsync(TimerInfo timer, CancellationToken cancellationToken) => Task.CompletedTask;
    }
}
