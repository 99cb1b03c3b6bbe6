// The deployable metadata, written from the registry by `MotCua emit-functions <folder>` after publish:
// host.json with the customHandler section, and <FunctionName>/function.json for every function.
using System.Text.Json;
using System.Text.Json.Nodes;
using MotCua.Storage;

namespace MotCua.Hosting;

internal static class FunctionMetadata
{
    public const string EmitCommand = "emit-functions";

    /// <summary>The trigger binding names, which are also the keys of <c>Data</c> in the host's invocation payload.</summary>
    public const string QueueBinding = "message";

    public const string TimerBinding = "timer";

    /// <summary>The app's executable (its assembly name), which the host starts from the app root.</summary>
    public const string ExecutableName = "MotCua";

    private const string FunctionFile = "function.json";

    private static readonly JsonSerializerOptions Indented = new() { WriteIndented = true, NewLine = "\n" };

    public static void Write(FunctionRegistry functions, string appRoot, string outputFolder)
    {
        Directory.CreateDirectory(outputFolder);
        var hostJson = HostJson(File.ReadAllText(Path.Combine(appRoot, "host.json")));
        WriteJson(Path.Combine(outputFolder, "host.json"), hostJson);
        RemoveStaleFunctions(functions, outputFolder);
        foreach (var function in functions.Functions)
        {
            WriteJson(Path.Combine(outputFolder, function.Name, FunctionFile), FunctionJson(function));
        }
    }

    /// <summary>The app's host.json, plus how the host starts and talks to this executable.</summary>
    internal static JsonObject HostJson(string appHostJson)
    {
        var host = JsonNode.Parse(appHostJson, documentOptions: new JsonDocumentOptions
        {
            CommentHandling = JsonCommentHandling.Skip,
            AllowTrailingCommas = true,
        })?.AsObject() ?? throw new InvalidDataException("host.json is not a JSON object.");
        // The local runtime maps HTTP functions under this prefix whatever host.json says, so Azure must use the same.
        var extensions = Child(host, "extensions");
        Child(extensions, "http")["routePrefix"] = FunctionsRuntime.RoutePrefix;
        // Queue triggers come from the Storage extension, which a custom handler gets from the extension bundle.
        host["extensionBundle"] ??= new JsonObject
        {
            ["id"] = "Microsoft.Azure.Functions.ExtensionBundle",
            ["version"] = "[4.*, 5.0.0)",
        };
        host["customHandler"] = new JsonObject
        {
            ["description"] = new JsonObject
            {
                ["defaultExecutablePath"] = ExecutableName,
                // The app root, where the executable finds host.json as it does locally.
                ["workingDirectory"] = ".",
                ["arguments"] = new JsonArray(),
            },
            // HTTP functions get the original request on their original route, as the local runtime serves them.
            ["enableForwardingHttpRequest"] = true,
        };
        return host;
    }

    internal static JsonObject FunctionJson(FunctionDefinition function) => new()
    {
        ["bindings"] = function switch
        {
            HttpFunction http => new JsonArray(
                new JsonObject
                {
                    ["type"] = "httpTrigger",
                    ["direction"] = "in",
                    ["name"] = "req",
                    ["authLevel"] = http.AuthLevel switch
                    {
                        AuthLevel.Anonymous => "anonymous",
                        AuthLevel.Function => "function",
                        AuthLevel.Admin => "admin",
                        _ => throw new ArgumentOutOfRangeException(nameof(function), http.AuthLevel, "Unknown auth level."),
                    },
                    ["methods"] = new JsonArray([.. http.Methods.Select(method => JsonValue.Create(method.ToLowerInvariant()))]),
                    ["route"] = http.Route,
                },
                new JsonObject { ["type"] = "http", ["direction"] = "out", ["name"] = "res" }),
            QueueFunction queue => new JsonArray(new JsonObject
            {
                ["type"] = "queueTrigger",
                ["direction"] = "in",
                ["name"] = QueueBinding,
                ["queueName"] = queue.QueueName,
                ["connection"] = StorageAccount.ConnectionSetting,
            }),
            TimerFunction timer => new JsonArray(TimerTrigger(timer)),
            _ => throw new ArgumentOutOfRangeException(nameof(function), function.GetType().Name, "Unknown trigger."),
        },
    };

    private static JsonObject TimerTrigger(TimerFunction timer)
    {
        var trigger = new JsonObject
        {
            ["type"] = "timerTrigger",
            ["direction"] = "in",
            ["name"] = TimerBinding,
            ["schedule"] = timer.Schedule,
        };
        if (timer.RunOnStartup)
        {
            trigger["runOnStartup"] = true;
        }

        return trigger;
    }

    /// <summary>Removes the function folders an earlier publish wrote for functions that no longer exist.</summary>
    private static void RemoveStaleFunctions(FunctionRegistry functions, string outputFolder)
    {
        foreach (var folder in Directory.EnumerateDirectories(outputFolder))
        {
            var entries = Directory.GetFileSystemEntries(folder);
            // Only a folder holding nothing but a function.json is ours to delete.
            if (entries is [var only] && Path.GetFileName(only) == FunctionFile && File.Exists(only)
                && functions.Find(Path.GetFileName(folder)) is null)
            {
                File.Delete(only);
                Directory.Delete(folder);
            }
        }
    }

    private static JsonObject Child(JsonObject parent, string name)
    {
        if (parent[name] is JsonObject child)
        {
            return child;
        }

        child = [];
        parent[name] = child;
        return child;
    }

    private static void WriteJson(string path, JsonObject json)
    {
        Directory.CreateDirectory(Path.GetDirectoryName(path)!);
        File.WriteAllText(path, json.ToJsonString(Indented) + "\n");
    }
}
