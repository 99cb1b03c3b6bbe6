using Microsoft.Extensions.Configuration;
using MotCua.Hosting;

namespace MotCua.Tests.Hosting;

public sealed class FunctionsSettingsTests : IDisposable
{
    private readonly string _root = Directory.CreateTempSubdirectory("motcua-settings-").FullName;

    public void Dispose() => Directory.Delete(_root, recursive: true);

    private ConfigurationManager Load(params (string Key, string Value)[] overrides)
    {
        File.WriteAllText(Path.Combine(_root, "host.json"), """
            { "version": "2.0", "extensions": { "queues": { "batchSize": 16, "maxDequeueCount": 5 } } }
            """);
        File.WriteAllText(Path.Combine(_root, "local.settings.json"), """
            { "IsEncrypted": false, "Values": { "FunctionKeys__Default": "from-local-settings", "WEBSITE_TIME_ZONE": "SE Asia Standard Time" } }
            """);
        var configuration = new ConfigurationManager();
        configuration.AddInMemoryCollection(overrides.Select(o => KeyValuePair.Create(o.Key, (string?)o.Value)));
        configuration.AddFunctionsSettings(_root);
        return configuration;
    }

    [Fact]
    public void Host_json_is_read_under_the_job_host_section()
    {
        var configuration = Load();

        Assert.Equal("16", configuration["AzureFunctionsJobHost:extensions:queues:batchSize"]);
    }

    [Fact]
    public void Host_json_log_levels_filter_the_local_runtime_logs_as_they_filter_the_host()
    {
        File.WriteAllText(Path.Combine(_root, "host.json"), """
            { "version": "2.0", "logging": { "logLevel": { "default": "Information", "Microsoft.AspNetCore": "Warning" } } }
            """);
        var configuration = new ConfigurationManager();
        configuration.AddFunctionsSettings(_root);

        Assert.Equal("Warning", configuration["Logging:LogLevel:Microsoft.AspNetCore"]);
        Assert.Equal("Information", configuration["Logging:LogLevel:default"]);
    }

    [Fact]
    public void Local_settings_values_are_read_with_double_underscore_as_nesting()
    {
        var configuration = Load();

        Assert.Equal("from-local-settings", configuration["FunctionKeys:Default"]);
        Assert.Equal("SE Asia Standard Time", configuration["WEBSITE_TIME_ZONE"]);
    }

    [Fact]
    public void Sources_added_before_win_over_host_json_and_local_settings_as_environment_variables_do()
    {
        var configuration = Load(
            ("AzureFunctionsJobHost:extensions:queues:batchSize", "4"),
            ("FunctionKeys:Default", "from-environment"));

        Assert.Equal("4", configuration["AzureFunctionsJobHost:extensions:queues:batchSize"]);
        Assert.Equal("5", configuration["AzureFunctionsJobHost:extensions:queues:maxDequeueCount"]);
        Assert.Equal("from-environment", configuration["FunctionKeys:Default"]);
    }

    [Fact]
    public void A_real_environment_variable_overrides_host_json()
    {
        Environment.SetEnvironmentVariable("AzureFunctionsJobHost__extensions__queues__maxDequeueCount", "9");
        try
        {
            var configuration = new ConfigurationManager();
            configuration.AddEnvironmentVariables();
            File.WriteAllText(Path.Combine(_root, "host.json"), """{ "extensions": { "queues": { "maxDequeueCount": 5 } } }""");
            configuration.AddFunctionsSettings(_root);

            Assert.Equal("9", configuration["AzureFunctionsJobHost:extensions:queues:maxDequeueCount"]);
        }
        finally
        {
            Environment.SetEnvironmentVariable("AzureFunctionsJobHost__extensions__queues__maxDequeueCount", null);
        }
    }
}
