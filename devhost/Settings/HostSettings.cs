// Settings as the Functions host layers them, lowest first: host.json (under AzureFunctionsJobHost), local.settings.json
// Values, the process environment, then the DevHost's own options. The worker gets the same values as environment variables.
namespace MotCua.DevHost.Settings;

internal static class HostSettings
{
    public const string HostSection = "AzureFunctionsJobHost";

    public static IConfigurationRoot Build(string appRoot, IEnumerable<KeyValuePair<string, string?>> overrides) =>
        new ConfigurationBuilder()
            .AddInMemoryCollection(ReadHostJson(appRoot))
            .AddInMemoryCollection(ReadLocalSettings(appRoot).Select(pair => KeyValuePair.Create(AsConfigurationKey(pair.Key), pair.Value)))
            .AddEnvironmentVariables()
            .AddInMemoryCollection(overrides.Select(pair => KeyValuePair.Create(AsConfigurationKey(pair.Key), pair.Value)))
            .Build();

    /// <summary>
    /// The worker's environment, layered as <see cref="Build"/> layers settings. As with <c>func start</c>, a local.settings.json
    /// value does not replace a variable the environment already has.
    /// </summary>
    public static Dictionary<string, string?> WorkerEnvironment(string appRoot, IEnumerable<KeyValuePair<string, string?>> overrides)
    {
        var environment = ReadLocalSettings(appRoot).ToDictionary(StringComparer.Ordinal);
        foreach (System.Collections.DictionaryEntry variable in Environment.GetEnvironmentVariables())
        {
            environment[(string)variable.Key] = (string?)variable.Value;
        }

        foreach (var (key, value) in overrides)
        {
            environment[key.Replace(":", "__", StringComparison.Ordinal)] = value;
        }

        return environment;
    }

    /// <summary>
    /// The host's <c>AzureWebJobs.&lt;name&gt;.Disabled</c> app setting (or <c>AzureWebJobs__&lt;name&gt;__Disabled</c> and
    /// <c>AzureWebJobs_&lt;name&gt;_Disabled</c>, where a variable name cannot hold dots), true or a non-zero number as the
    /// WebJobs SDK reads it (HostListenerFactory.IsDisabled): the function is not triggered and its route is not served.
    /// </summary>
    public static bool IsDisabled(this IConfiguration settings, string functionName) =>
        IsSet(settings[$"AzureWebJobs.{functionName}.Disabled"]) || IsSet(settings[$"AzureWebJobs:{functionName}:Disabled"])
        || IsSet(settings[$"AzureWebJobs_{functionName}_Disabled"]);

    private static bool IsSet(string? value) =>
        (bool.TryParse(value, out var flag) && flag) || (int.TryParse(value, out var number) && number != 0);

    private static string AsConfigurationKey(string key) => key.Replace("__", ":", StringComparison.Ordinal);

    private static IEnumerable<KeyValuePair<string, string?>> ReadHostJson(string appRoot)
    {
        var path = Path.Combine(appRoot, "host.json");
        if (!File.Exists(path))
        {
            return [];
        }

        // host.json's logging.logLevel is what the host filters its logs by, the worker's included; the DevHost does the same.
        var host = new ConfigurationBuilder().AddJsonFile(path).Build();
        return host.AsEnumerable(makePathsRelative: true)
            .Select(pair => KeyValuePair.Create($"{HostSection}:{pair.Key}", pair.Value))
            .Concat(host.GetSection("logging:logLevel").AsEnumerable(makePathsRelative: true)
                .Select(pair => KeyValuePair.Create($"Logging:LogLevel:{pair.Key}", pair.Value)));
    }

    /// <summary>local.settings.json Values as written (keys use "__" for nesting, as environment variables do).</summary>
    private static IEnumerable<KeyValuePair<string, string?>> ReadLocalSettings(string appRoot)
    {
        var path = Path.Combine(appRoot, "local.settings.json");
        if (!File.Exists(path))
        {
            return [];
        }

        return new ConfigurationBuilder().AddJsonFile(path).Build().GetSection("Values").AsEnumerable(makePathsRelative: true)
            .Where(pair => pair.Value is not null);
    }
}
