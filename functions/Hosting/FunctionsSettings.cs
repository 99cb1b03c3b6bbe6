// Settings as the Functions host layers them: host.json (under AzureFunctionsJobHost), then
// local.settings.json Values, then environment variables and the command line.
using Microsoft.Extensions.Configuration.Memory;

namespace MotCua.Hosting;

public static class FunctionsSettings
{
    public const string HostSection = "AzureFunctionsJobHost";
    public const string CustomHandlerPortKey = "FUNCTIONS_CUSTOMHANDLER_PORT";

    /// <summary>Where Core Tools serves a function app; ours does the same unless ASPNETCORE_URLS or --urls says otherwise.</summary>
    public const string DefaultLocalUrl = "http://localhost:7071";

    /// <summary>The folder holding host.json: the working directory or one above it, else the app's own folder.</summary>
    public static string FindAppRoot()
    {
        for (var dir = new DirectoryInfo(Directory.GetCurrentDirectory()); dir is not null; dir = dir.Parent)
        {
            if (File.Exists(Path.Combine(dir.FullName, "host.json")))
            {
                return dir.FullName;
            }
        }

        return AppContext.BaseDirectory;
    }

    /// <summary>Puts host.json and local.settings.json beneath every source already added, so the environment wins.</summary>
    public static void AddFunctionsSettings(this ConfigurationManager configuration, string appRoot)
    {
        configuration.Sources.Insert(0, new MemoryConfigurationSource { InitialData = ReadHostJson(appRoot) });
        configuration.Sources.Insert(1, new MemoryConfigurationSource { InitialData = ReadLocalSettings(appRoot) });
    }

    public static bool IsCustomHandler(this IConfiguration configuration) =>
        !string.IsNullOrEmpty(configuration[CustomHandlerPortKey]);

    /// <summary>
    /// The host's <c>AzureWebJobs.&lt;name&gt;.Disabled</c> app setting (or <c>AzureWebJobs__&lt;name&gt;__Disabled</c>, where a
    /// variable name cannot hold dots): the function is not triggered and its route is not served.
    /// </summary>
    public static bool IsDisabled(this IConfiguration configuration, string functionName) =>
        configuration.GetValue<bool>($"AzureWebJobs.{functionName}.Disabled") ||
        configuration.GetValue<bool>($"AzureWebJobs:{functionName}:Disabled");

    private static IEnumerable<KeyValuePair<string, string?>> ReadHostJson(string appRoot)
    {
        var path = Path.Combine(appRoot, "host.json");
        if (!File.Exists(path))
        {
            return [];
        }

        // host.json's logging.logLevel is what the host filters logs by; the local runtime applies it the same way.
        var host = new ConfigurationBuilder().AddJsonFile(path).Build();
        return host.AsEnumerable(makePathsRelative: true)
            .Select(pair => KeyValuePair.Create($"{HostSection}:{pair.Key}", pair.Value))
            .Concat(host.GetSection("logging:logLevel").AsEnumerable(makePathsRelative: true)
                .Select(pair => KeyValuePair.Create($"Logging:LogLevel:{pair.Key}", pair.Value)));
    }

    private static IEnumerable<KeyValuePair<string, string?>> ReadLocalSettings(string appRoot)
    {
        var path = Path.Combine(appRoot, "local.settings.json");
        if (!File.Exists(path))
        {
            return [];
        }

        // Values keys use "__" for nesting, as environment variables do.
        return new ConfigurationBuilder().AddJsonFile(path).Build().GetSection("Values").AsEnumerable(makePathsRelative: true)
            .Select(pair => KeyValuePair.Create(pair.Key.Replace("__", ":", StringComparison.Ordinal), pair.Value));
    }
}
