// The portal as the Functions host runs it, against a given Azurite, on a free port: the DevHost in this process, and the
// real worker beside it as its own process, as Azure starts it; or, when a test replaces one of its services, the worker
// in this process (InProcessWorker).
using Microsoft.Azure.Functions.Worker.Builder;
using MotCua.DevHost;
using Host = MotCua.DevHost.DevHost;

namespace MotCua.Tests.Infrastructure;

public sealed class FunctionApp : IAsyncDisposable
{
    public const string FunctionKey = "test-function-key";
    public const string AdminKey = "test-admin-key";

    /// <summary>The merchant the tests' portal is for the payment gateway, unless a test points it at a TestPayGate.</summary>
    public const string PaymentTmnCode = "MOTCUATEST";
    public const string PaymentHashSecret = "test-hash-secret-not-for-production";

    private readonly Host _host;
    private readonly TestAppRoot _root;
    private readonly InProcessWorker? _worker;

    private FunctionApp(Host host, TestAppRoot root, InProcessWorker? worker)
    {
        _host = host;
        _root = root;
        _worker = worker;
        Client = new HttpClient { BaseAddress = BaseAddress, Timeout = TimeSpan.FromSeconds(60) };
    }

    public Uri BaseAddress => _host.BaseAddress;

    public HttpClient Client { get; }

    /// <summary>The worker's services, when it runs in this process (a test passed <c>configure</c>).</summary>
    public IServiceProvider Services => _worker?.Services
        ?? throw new InvalidOperationException("The worker runs as its own process; start the app with configure to run it in the test process.");

    /// <summary>
    /// The test defaults: the Azurite, the test keys, logs that show what went wrong rather than every request, a payment gateway
    /// that is not there (a test that pays starts a TestPayGate and passes its settings), and the shared test SMTP server (a test
    /// that reads or breaks the mail starts its own TestSmtp and passes its settings).
    /// </summary>
    /// <param name="portal">Where the portal listens, for the links it hands out and the gateway's return URL.</param>
    public static Dictionary<string, string?> TestSettings(Azurite azurite, IDictionary<string, string?>? settings = null, Uri? portal = null)
    {
        var nowhere = new Uri($"http://127.0.0.1:{Azurite.FreePort()}");
        var values = new Dictionary<string, string?>
        {
            ["AzureWebJobsStorage"] = azurite.ConnectionString,
            ["FunctionKeys:Default"] = FunctionKey,
            ["FunctionKeys:Admin"] = AdminKey,
            ["Logging:LogLevel:Default"] = "Warning",
            ["DevHost:WorkerPath"] = TestAppRoot.PortalWorker,
            ["Portal:BaseUrl"] = (portal ?? nowhere).AbsoluteUri,
            ["Payments:GatewayUrl"] = new Uri(nowhere, "/paymentv2/vpcpay.html").AbsoluteUri,
            ["Payments:ApiUrl"] = new Uri(nowhere, "/merchant_webapi/api/transaction").AbsoluteUri,
            ["Payments:ReturnUrl"] = new Uri(portal ?? nowhere, "/api/payments/vnpay/return").AbsoluteUri,
            ["Payments:TmnCode"] = PaymentTmnCode,
            ["Payments:HashSecret"] = PaymentHashSecret,
        };
        return Overlay(Overlay(values, TestSmtp.Shared.Settings()), settings);
    }

    /// <summary>
    /// <paramref name="settings"/> with rate limits that a crowd of citizens played from this one address never reaches (load and
    /// abuse tests, the benchmark): the limits stay on, their budgets out of reach. Tests of the limits set their own.
    /// </summary>
    public static Dictionary<string, string?> ManyClients(IDictionary<string, string?>? settings = null) => Overlay(new Dictionary<string, string?>
    {
        ["RateLimits:Writes:PermitLimit"] = "1000000",
        ["RateLimits:FailedLookups:PermitLimit"] = "1000000",
        ["RateLimits:AgencyCallbacks:PermitLimit"] = "1000000",
        ["RateLimits:GatewayCallbacks:PermitLimit"] = "1000000",
    }, settings);

    /// <summary><paramref name="values"/>, each of <paramref name="overrides"/> written over it.</summary>
    public static Dictionary<string, string?> Overlay(Dictionary<string, string?> values, IEnumerable<KeyValuePair<string, string?>>? overrides)
    {
        foreach (var (key, value) in overrides ?? [])
        {
            values[key] = value;
        }

        return values;
    }

    /// <summary>
    /// Starts the DevHost and the portal's worker (or <paramref name="worker"/>) with <paramref name="settings"/> on top of the
    /// test defaults. With <paramref name="configure"/>, the worker is built in this process and <paramref name="configure"/>
    /// may replace its services.
    /// </summary>
    public static async Task<FunctionApp> StartAsync(Azurite azurite, IDictionary<string, string?>? settings = null,
        Action<FunctionsApplicationBuilder>? configure = null, WorkerApp? worker = null)
    {
        var root = new TestAppRoot();
        var inProcess = configure is not null || worker is not null ? new InProcessWorker(worker ?? WorkerApp.Portal, configure) : null;
        for (var attempt = 1; ; attempt++)
        {
            try
            {
                var urls = $"http://127.0.0.1:{Azurite.FreePort()}";
                var host = await Host.StartAsync(new DevHostOptions
                {
                    AppRoot = root.Path,
                    Settings = TestSettings(azurite, settings, new Uri(urls)),
                    Urls = urls,
                    Worker = inProcess,
                });
                return new FunctionApp(host, root, inProcess);
            }
            // A free port can be taken by a neighbouring test between the look and the bind: try another.
            catch (IOException ex) when (ex.InnerException is Microsoft.AspNetCore.Connections.AddressInUseException && attempt < 3)
            {
            }
            catch
            {
                root.Dispose();
                throw;
            }
        }
    }

    public async ValueTask DisposeAsync()
    {
        Client.Dispose();
        await _host.DisposeAsync();
        _root.Dispose();
    }
}
