// Issue 14, point 7: every setting the worker reads is checked as the worker starts, and a bad one stops the start with a
// message naming it. The worker is built as Program builds it (not started: no storage, no host), then validated as its
// host validates it on start.
using System.Text.Json;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Options;
using MotCua.Hosting;
using MotCua.Storage;
using MotCua.Tests.Infrastructure;

namespace MotCua.Tests.Hosting;

public sealed class SettingsValidationTests
{
    [Fact]
    public void The_defaults_a_payment_gateway_and_a_public_address_pass() => ValidateWorker([]);

    [Fact]
    public void Without_a_payment_gateway_and_a_public_address_the_start_names_each_setting_it_needs()
    {
        var message = StartFailure([], withRequired: false);

        Assert.All(["Payments__GatewayUrl", "Payments__ApiUrl", "Payments__ReturnUrl", "Payments__TmnCode", "Payments__HashSecret", "Portal__BaseUrl",
                "Notifications__SmtpHost", "Notifications__From"],
            variable => Assert.Contains(variable, message, StringComparison.Ordinal));
    }

    [Fact]
    public void The_sample_local_settings_pass()
    {
        using var sample = JsonDocument.Parse(File.ReadAllText(Path.Combine(RepoRoot.Path, "local.settings.sample.json")));
        var values = sample.RootElement.GetProperty("Values").EnumerateObject()
            .ToDictionary(value => value.Name.Replace("__", ":", StringComparison.Ordinal), value => (string?)value.Value.GetString());

        ValidateWorker(values, withRequired: false);
        Telemetry(values);
    }

    [Fact]
    public void Rate_limits_behind_front_door_pass() => ValidateWorker(new()
    {
        ["RateLimits:TrustedProxies"] = "0.0.0.0/0, ::/0",
        ["RateLimits:ClientAddressHeader"] = "X-Azure-SocketIP",
        ["RateLimits:Writes:PermitLimit"] = "120",
        ["RateLimits:Writes:Window"] = "00:05:00",
    });

    [Fact]
    public void A_holiday_file_of_the_right_shape_passes()
    {
        var path = HolidayFile("""{ "2026": { "daysOff": { "2026-03-09": "Ngày nghỉ thử" } } }""");
        try
        {
            ValidateWorker(new() { ["Holidays:Path"] = path });
        }
        finally
        {
            File.Delete(path);
        }
    }

    [Theory]
    [InlineData("Limits:MaxFileBytes", "0")]
    [InlineData("Limits:MaxFileBytes", "-1")]
    [InlineData("Limits:MaxDossierBytes", "1048576")] // under the default 10 MiB a file
    [InlineData("Limits:MaxDossierBytes", "0")]
    [InlineData("Limits:MaxFiles", "0")]
    [InlineData("Limits:MaxJsonBytes", "0")]
    [InlineData("Feedback:DefaultAgencyId", "khong-co-co-quan-nay")]
    [InlineData("Feedback:DefaultAgencyId", "")]
    [InlineData("Webhooks:TimestampToleranceSeconds", "0")]
    [InlineData("Webhooks:Timeout", "00:00:00")]
    [InlineData("Webhooks:Timeout", "00:10:01")]
    [InlineData("Outbox:Grace", "-00:00:01")]
    [InlineData("Outbox:Grace", "2.00:00:00")]
    [InlineData("Holidays:Path", "/khong-co/holidays.json")]
    [InlineData("Payments:GatewayUrl", "/paymentv2/vpcpay.html")]
    [InlineData("Payments:ApiUrl", "ftp://cong-thanh-toan.vn/api")]
    [InlineData("Payments:TmnCode", "MOT CUA")]
    [InlineData("Payments:HashSecret", "ngan")]
    [InlineData("Payments:Timeout", "00:05:00")]
    [InlineData("Portal:BaseUrl", "/api")]
    [InlineData("Portal:BaseUrl", "ftp://dichvucong.example.vn")]
    [InlineData("Portal:BaseUrl", "https://dichvucong.example.vn/?cong=1")]
    [InlineData("Notifications:SmtpHost", "smtp server")]
    [InlineData("Notifications:SmtpPort", "0")]
    [InlineData("Notifications:SmtpPort", "70000")]
    [InlineData("Notifications:SmtpPassword", "")] // with a user (Required names one for this)
    [InlineData("Notifications:From", "khong-phai-dia-chi")]
    [InlineData("Notifications:TrackingPage", "track.html")]
    [InlineData("Notifications:Timeout", "00:02:00")]
    [InlineData("RateLimits:Writes:PermitLimit", "0")]
    [InlineData("RateLimits:FailedLookups:PermitLimit", "-1")]
    [InlineData("RateLimits:AgencyCallbacks:Window", "00:00:00")]
    [InlineData("RateLimits:GatewayCallbacks:Window", "2.00:00:00")]
    [InlineData("RateLimits:ClientAddressHeader", "X-Forwarded-For")]
    [InlineData("RateLimits:ClientAddressHeader", "")]
    [InlineData("RateLimits:ClientAddressHeader", "X Azure SocketIP")]
    public void An_out_of_range_setting_stops_the_start_naming_it_as_written_and_as_a_variable(string key, string value)
    {
        var message = StartFailure(new() { [key] = value });

        Assert.Contains(key, message, StringComparison.Ordinal);
        Assert.Contains(key.Replace(":", "__", StringComparison.Ordinal), message, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("Limits:MaxFileBytes", "10MB")]
    [InlineData("Limits:MaxFiles", "mười")]
    [InlineData("Webhooks:Timeout", "30s")]
    [InlineData("Outbox:Grace", "two minutes")]
    [InlineData("Webhooks:RetrySchedule", "00:00:05,soon")]
    [InlineData("Webhooks:RetrySchedule", "00:00:05,7.00:00:00")]
    [InlineData("Notifications:Security", "TLS")]
    [InlineData("RateLimits:Writes:Window", "a minute")]
    [InlineData("RateLimits:TrustedProxies", "10.0.0.0/8,front-door")]
    public void An_unreadable_setting_stops_the_start_naming_it(string key, string value) =>
        Assert.Contains(key, StartFailure(new() { [key] = value }), StringComparison.Ordinal);

    [Fact]
    public void A_retry_delay_a_queue_message_cannot_wait_is_refused_naming_the_entry() =>
        Assert.Contains("entry 2 '7.00:00:00'", StartFailure(new() { ["Webhooks:RetrySchedule"] = "00:00:05,7.00:00:00" }),
            StringComparison.Ordinal);

    [Fact]
    public void Every_broken_setting_is_named_at_once()
    {
        var message = StartFailure(new() { ["Limits:MaxFiles"] = "0", ["Outbox:Grace"] = "-00:01:00" });

        Assert.Contains("Limits:MaxFiles", message, StringComparison.Ordinal);
        Assert.Contains("Outbox:Grace", message, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("""{ "2026": { "daysOff": { "2026-03-07": "thứ Bảy" } } }""", "2026-03-07")]
    [InlineData("""{ "2026": { "daysOff": [] } }""", "daysOff")]
    [InlineData("không phải JSON", "Holidays:Path")]
    public void A_holiday_file_the_calendar_would_refuse_stops_the_start_saying_why(string json, string named)
    {
        var path = HolidayFile(json);
        try
        {
            var message = StartFailure(new() { ["Holidays:Path"] = path });

            Assert.Contains("Holidays:Path (Holidays__Path)", message, StringComparison.Ordinal);
            Assert.Contains(named, message, StringComparison.Ordinal);
        }
        finally
        {
            File.Delete(path);
        }
    }

    [Theory]
    [InlineData("garbage")]
    [InlineData("InstrumentationKey=")]
    [InlineData("InstrumentationKey=not-a-guid;IngestionEndpoint=https://westeurope-5.in.applicationinsights.azure.com/")]
    [InlineData("IngestionEndpoint=https://westeurope-5.in.applicationinsights.azure.com/")]
    [InlineData("InstrumentationKey=00000000-0000-0000-0000-000000000000;IngestionEndpoint=westeurope")]
    public void A_telemetry_connection_string_azure_monitor_would_refuse_stops_the_start_naming_it(string connectionString)
    {
        var error = Assert.Throws<InvalidOperationException>(() => Telemetry(new() { [MotCua.Hosting.Telemetry.ConnectionStringSetting] = connectionString }));

        Assert.Contains("APPLICATIONINSIGHTS_CONNECTION_STRING", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void A_telemetry_connection_string_as_the_portal_shows_it_passes() =>
        Telemetry(new()
        {
            [MotCua.Hosting.Telemetry.ConnectionStringSetting] = "InstrumentationKey=00000000-0000-0000-0000-000000000000;"
                + "IngestionEndpoint=https://westeurope-5.in.applicationinsights.azure.com/;"
                + "LiveEndpoint=https://westeurope.livediagnostics.monitor.azure.com/;ApplicationId=11111111-1111-1111-1111-111111111111",
        });

    [Theory]
    [InlineData("yes")]
    [InlineData("1")]
    public void A_telemetry_console_switch_that_is_not_a_boolean_stops_the_start_naming_it(string value)
    {
        var error = Assert.Throws<InvalidOperationException>(() => Telemetry(new() { [MotCua.Hosting.Telemetry.ConsoleSetting] = value }));

        Assert.Contains("Telemetry:Console (Telemetry__Console)", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void A_storage_setting_that_is_not_a_connection_string_stops_the_start_naming_it()
    {
        using var services = new ServiceCollection()
            .AddSingleton<IConfiguration>(new ConfigurationBuilder()
                .AddInMemoryCollection(new Dictionary<string, string?> { [StorageAccount.ConnectionSetting] = "garbage" }).Build())
            .AddStorage()
            .BuildServiceProvider();

        var error = Assert.Throws<InvalidOperationException>(() => services.GetRequiredService<StorageConnection>());

        Assert.Contains("AzureWebJobsStorage is not a storage connection string", error.Message, StringComparison.Ordinal);
    }

    /// <summary>
    /// A payment gateway's settings, the portal's public address and an SMTP server, which the app needs to start (the sample local
    /// settings name the demo gateway, the DevHost's address and the local mail catcher).
    /// </summary>
    private static readonly Dictionary<string, string?> Required = new()
    {
        ["Portal:BaseUrl"] = "https://dichvucong.example.vn",
        ["Payments:GatewayUrl"] = "https://sandbox.vnpayment.vn/paymentv2/vpcpay.html",
        ["Payments:ApiUrl"] = "https://sandbox.vnpayment.vn/merchant_webapi/api/transaction",
        ["Payments:ReturnUrl"] = "https://dichvucong.example.vn/api/payments/vnpay/return",
        ["Payments:TmnCode"] = "MOTCUA01",
        ["Payments:HashSecret"] = "a-secret-of-at-least-16-characters",
        ["Notifications:SmtpHost"] = "smtp.azurecomm.net",
        ["Notifications:SmtpUser"] = "motcua-acs|00000000-0000-0000-0000-000000000000|00000000-0000-0000-0000-000000000000",
        ["Notifications:SmtpPassword"] = "a-client-secret",
        ["Notifications:From"] = "Cổng Dịch vụ công <DoNotReply@dichvucong.example.vn>",
    };

    /// <summary>
    /// The worker as Program builds it with <paramref name="settings"/> (on top of the <see cref="Required"/> ones, unless not
    /// <paramref name="withRequired"/>), validated as its host does on start.
    /// </summary>
    private static void ValidateWorker(Dictionary<string, string?> settings, bool withRequired = true)
    {
        var builder = MotCua.Program.CreateBuilder([]);
        builder.Configuration.AddInMemoryCollection(withRequired ? Required : []);
        builder.Configuration.AddInMemoryCollection(settings);
        using var host = builder.Build();
        host.Services.GetRequiredService<IStartupValidator>().Validate();
    }

    /// <summary>
    /// What stops the start: every message, inner ones included (a binder failure names the setting outside and says why
    /// inside; failures of several options classes come as one AggregateException).
    /// </summary>
    private static string StartFailure(Dictionary<string, string?> settings, bool withRequired = true)
    {
        var error = Assert.ThrowsAny<Exception>(() => ValidateWorker(settings, withRequired));
        Assert.True(error is OptionsValidationException or InvalidOperationException or AggregateException, $"Not a start failure: {error}");
        return string.Join(" | ", Messages(error));
    }

    private static IEnumerable<string> Messages(Exception error) => error is AggregateException all
        ? all.InnerExceptions.SelectMany(Messages)
        : [error.Message, .. error.InnerException is { } inner ? Messages(inner) : []];

    private static void Telemetry(Dictionary<string, string?> settings) =>
        new ServiceCollection().AddTelemetry(new ConfigurationBuilder().AddInMemoryCollection(settings).Build());

    private static string HolidayFile(string json)
    {
        var path = Path.Combine(Path.GetTempPath(), $"holidays-{Guid.NewGuid():N}.json");
        File.WriteAllText(path, json);
        return path;
    }
}
