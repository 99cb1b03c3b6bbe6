// Issue 18, points 1 and 5: a client past its budget is answered 429 problem+json with Retry-After before anything runs, so nothing
// is stored; another client is served as before. The client is the address that connected, told apart here by the loopback
// address a request leaves from (127.0.0.0/8 is all this machine's on Linux), or the address a trusted proxy names; a header
// the client sets itself changes nothing. Agencies and the payment gateway are counted per agency and per gateway.
using System.Net;
using System.Text.Json.Nodes;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Logging.Testing;
using MotCua.Hosting;
using MotCua.Status;
using MotCua.Tests.Infrastructure;
using MotCua.Vietnam;

namespace MotCua.Tests.Reliability;

/// <summary>
/// One portal for the class, on an Azurite of its own (a test compares snapshots of all of it), with the production budget of
/// failed lookups, small budgets of writes, agency events and IPNs, and 127.0.0.1 as a trusted proxy; EVN Hà Nội and EVN TP.HCM
/// registered; one dossier forwarded to Hà Nội.
/// </summary>
public sealed class RateLimitScene : IAsyncLifetime
{
    public const int Writes = 5;
    public const int AgencyCallbacks = 5;
    public const int GatewayCallbacks = 5;
    public const string Hanoi = "evn-hanoi";
    public const string Hcmc = "evn-hcmc";

    /// <summary>The budget of failed lookups the portal ships with: these tests hold the default to what it promises.</summary>
    public static int FailedLookups { get; } = new RateLimitsOptions().FailedLookups.PermitLimit;

    public Azurite Azurite { get; } = new();

    public Portal Portal { get; private set; } = null!;

    public TestAgency Agency { get; private set; } = null!;

    public Submitted Dossier { get; private set; } = null!;

    /// <summary>What the worker logged.</summary>
    public FakeLogCollector Logs { get; } = new();

    public async Task InitializeAsync()
    {
        await Azurite.InitializeAsync();
        Agency = await TestAgency.StartAsync();
        Portal = await Portal.StartAsync(Azurite, new Dictionary<string, string?>
        {
            ["RateLimits:Writes:PermitLimit"] = $"{Writes}",
            ["RateLimits:AgencyCallbacks:PermitLimit"] = $"{AgencyCallbacks}",
            ["RateLimits:GatewayCallbacks:PermitLimit"] = $"{GatewayCallbacks}",
            ["RateLimits:TrustedProxies"] = "127.0.0.1",
        }, builder => builder.Logging.AddProvider(new FakeLoggerProvider(Logs)));
        await Portal.RegisterAsync(Agency, Hcmc);
        Dossier = await Portal.SubmitForwardedAsync(Agency, Hanoi, p => p.SubmitJsonAsync(Samples.ElectricityPayment()));
    }

    /// <summary>A client of the portal whose requests leave from 127.0.0.<paramref name="host"/>.</summary>
    public HttpClient ClientFrom(int host) => PortalHttp.ClientFrom(Portal.App.BaseAddress, IPAddress.Parse($"127.0.0.{host}"));

    public async Task DisposeAsync()
    {
        await Portal.DisposeAsync();
        await Agency.DisposeAsync();
        await Azurite.DisposeAsync();
    }
}

public sealed class RateLimitTests(RateLimitScene scene) : IClassFixture<RateLimitScene>
{
    private Submitted Dossier => scene.Dossier;

    [Fact]
    public async Task A_burst_of_500_wrong_key_lookups_from_one_address_gets_429s_and_no_5xx_while_another_address_is_served()
    {
        using var attacker = scene.ClientFrom(2);
        using var citizen = scene.ClientFrom(3);
        var guesses = new Queue<int>(Enumerable.Range(0, 500));
        var burst = new List<(HttpStatusCode Status, JsonNode? Body, TimeSpan? RetryAfter, string? MediaType)>();
        const int concurrency = 16;

        async Task GuessAsync()
        {
            while (true)
            {
                lock (guesses)
                {
                    if (!guesses.TryDequeue(out _))
                    {
                        return;
                    }
                }

                using var response = await attacker.SendAsync(HttpMethod.Get, $"/api/dossiers/{Dossier.Id}", accessKey: AccessKey.New());
                var answer = (response.StatusCode, await BodyAsync(response), response.Headers.RetryAfter?.Delta, response.Content.Headers.ContentType?.MediaType);
                lock (burst)
                {
                    burst.Add(answer);
                }
            }
        }

        // The citizen reads their dossier, and mistypes its key once, all through the burst.
        async Task<List<HttpStatusCode>> CitizenAsync(Task attack)
        {
            var statuses = new List<HttpStatusCode>();
            while (!attack.IsCompleted)
            {
                using var own = await citizen.SendAsync(HttpMethod.Get, $"/api/dossiers/{Dossier.Id}", accessKey: Dossier.AccessKey);
                statuses.Add(own.StatusCode);
                await Task.Delay(20);
            }

            using var mistyped = await citizen.SendAsync(HttpMethod.Get, $"/api/dossiers/{Dossier.Id}", accessKey: Dossier.AccessKey[..^1]);
            statuses.Add(mistyped.StatusCode);
            return statuses;
        }

        var attack = Task.WhenAll(Enumerable.Range(0, concurrency).Select(_ => Task.Run(GuessAsync)));
        var served = await CitizenAsync(attack);
        await attack;

        Assert.Equal(500, burst.Count);
        Assert.All(burst, answer => Assert.True(answer.Status is HttpStatusCode.NotFound or HttpStatusCode.TooManyRequests, $"{answer.Status}"));
        // Failures are counted once they happened: lookups already under way when the budget ran out still get their 404.
        var notFound = burst.Count(answer => answer.Status == HttpStatusCode.NotFound);
        Assert.InRange(notFound, RateLimitScene.FailedLookups, RateLimitScene.FailedLookups + concurrency - 1);
        Assert.All(burst.Where(answer => answer.Status == HttpStatusCode.TooManyRequests), answer => AssertRefusal(answer.Body, answer.RetryAfter, answer.MediaType));
        Assert.NotEmpty(served);
        Assert.All(served[..^1], status => Assert.Equal(HttpStatusCode.OK, status));
        Assert.Equal(HttpStatusCode.NotFound, served[^1]);

        // Until its window ends, the address that guessed is held back everywhere, even with the right key; the citizen is not.
        using var afterwards = await attacker.SendAsync(HttpMethod.Get, $"/api/dossiers/{Dossier.Id}", accessKey: Dossier.AccessKey);
        await AssertRefusedAsync(afterwards);
        using var stillServed = await citizen.SendAsync(HttpMethod.Get, $"/api/dossiers/{Dossier.Id}", accessKey: Dossier.AccessKey);
        Assert.Equal(HttpStatusCode.OK, stillServed.StatusCode);

        // Ops read it once in the log, when the window's last failure was spent, not at each of the hundreds of refusals.
        var spent = Assert.Single(scene.Logs.GetSnapshot(), log => log.Category == typeof(RateLimiting).FullName && log.Message.StartsWith("127.0.0.2 ", StringComparison.Ordinal));
        Assert.Equal(LogLevel.Warning, spent.Level);
        Assert.Equal("127.0.0.2 spent its FailedLookups budget at GetDossier: its requests are refused until the window ends", spent.Message);
        Assert.DoesNotContain(scene.Logs.GetSnapshot(), log => log.Message.StartsWith("127.0.0.3 ", StringComparison.Ordinal));
    }

    [Fact]
    public async Task Forwarded_addresses_a_client_sets_itself_change_nothing_while_a_trusted_proxys_header_names_the_client()
    {
        using var guesser = scene.ClientFrom(4);
        await SpendFailedLookupsAsync(guesser);

        // Whatever address the client claims, from an address that is not a trusted proxy.
        for (var i = 1; i <= 5; i++)
        {
            using var request = PortalHttp.Request(HttpMethod.Get, $"/api/dossiers/{Dossier.Id}", accessKey: AccessKey.New());
            request.Headers.Add("X-Forwarded-For", $"203.0.113.{i}");
            request.Headers.Add(RateLimitsOptions.FrontDoorSocketHeader, $"203.0.113.{i}");
            request.Headers.Add("X-Azure-ClientIP", $"203.0.113.{i}");
            using var response = await guesser.SendAsync(request);
            await AssertRefusedAsync(response);
        }

        // From the trusted proxy (127.0.0.1), its header is the client: one client spends its budget, another is still served.
        using var proxy = scene.ClientFrom(1);
        await SpendFailedLookupsAsync(proxy, "198.51.100.1");
        using var spent = await proxy.SendAsync(Behind("198.51.100.1", HttpMethod.Get, $"/api/dossiers/{Dossier.Id}", accessKey: Dossier.AccessKey));
        await AssertRefusedAsync(spent);
        using var other = await proxy.SendAsync(Behind("198.51.100.2", HttpMethod.Get, $"/api/dossiers/{Dossier.Id}", accessKey: Dossier.AccessKey));
        Assert.Equal(HttpStatusCode.OK, other.StatusCode);
    }

    [Fact]
    public async Task Writes_past_the_budget_are_refused_before_they_store_anything_while_another_client_still_writes()
    {
        using var client = scene.ClientFrom(5);
        // The scene's forwarding and e-mail done first, so the window is not spent waiting.
        await QuietAsync();
        // Each write endpoint's budget, spent by requests that store nothing (refused input, a wrong key) or by visits (which
        // count before they answer).
        for (var i = 0; i < RateLimitScene.Writes; i++)
        {
            using var dossier = await client.SendAsync(HttpMethod.Post, "/api/dossiers", new { });
            using var feedback = await client.SendAsync(HttpMethod.Post, "/api/feedback", new { });
            using var visit = await client.SendAsync(HttpMethod.Post, "/api/visits");
            using var withdrawal = await client.SendAsync(HttpMethod.Post, $"/api/dossiers/{Dossier.Id}/withdraw", accessKey: AccessKey.New());
            Assert.Equal(
                [HttpStatusCode.BadRequest, HttpStatusCode.BadRequest, HttpStatusCode.NoContent, HttpStatusCode.NotFound],
                [dossier.StatusCode, feedback.StatusCode, visit.StatusCode, withdrawal.StatusCode]);
        }

        var before = await scene.Portal.StorageSnapshotAsync();
        var partition = await scene.Portal.PartitionAsync(Dossier.Id);

        using var json = await client.SendAsync(HttpMethod.Post, "/api/dossiers", Samples.ElectricityPayment());
        using var form = new MultipartFormDataContent();
        form.Add(JsonPart(Samples.Licence()), "dossier");
        foreach (var (part, fileName, content) in Samples.LicenceFiles())
        {
            form.Add(new ByteArrayContent(content), part, fileName);
        }

        using var multipart = await client.SendAsync(HttpMethod.Post, "/api/dossiers", form);
        using var feedbackAgain = await client.SendAsync(HttpMethod.Post, "/api/feedback", Samples.Feedback());
        using var visitAgain = await client.SendAsync(HttpMethod.Post, "/api/visits");
        using var withdrawn = await client.SendAsync(HttpMethod.Post, $"/api/dossiers/{Dossier.Id}/withdraw", accessKey: Dossier.AccessKey);

        foreach (var refused in new[] { json, multipart, feedbackAgain, visitAgain, withdrawn })
        {
            await AssertRefusedAsync(refused);
        }

        Assert.Equal(before, await scene.Portal.StorageSnapshotAsync());
        Assert.Equal(partition, await scene.Portal.PartitionAsync(Dossier.Id));

        // The budget is the client's, at that endpoint: another client submits, and this one still reads its dossier.
        using var other = scene.ClientFrom(6);
        using var accepted = await other.SendAsync(HttpMethod.Post, "/api/dossiers", Samples.ElectricityPayment());
        Assert.Equal(HttpStatusCode.Created, accepted.StatusCode);
        using var read = await client.SendAsync(HttpMethod.Get, $"/api/dossiers/{Dossier.Id}", accessKey: Dossier.AccessKey);
        Assert.Equal(HttpStatusCode.OK, read.StatusCode);
    }

    [Fact]
    public async Task Agency_events_are_counted_per_agency_whatever_address_they_come_from()
    {
        using var first = scene.ClientFrom(7);
        using var second = scene.ClientFrom(8);
        // Unsigned events (401) spend Hà Nội's budget as well as signed ones: the count comes before the signature's check.
        for (var i = 0; i < RateLimitScene.AgencyCallbacks; i++)
        {
            using var refused = await (i % 2 == 0 ? first : second).SendAsync(HttpMethod.Post, $"/api/agencies/{RateLimitScene.Hanoi}/events", Event());
            Assert.Equal(HttpStatusCode.Unauthorized, refused.StatusCode);
        }

        using var signed = await scene.Agency.SendEventAsync(first, RateLimitScene.Hanoi, Event());
        await AssertRefusedAsync(signed, "Cơ quan");
        using var fromElsewhere = await second.SendAsync(HttpMethod.Post, $"/api/agencies/{RateLimitScene.Hanoi}/events", Event());
        await AssertRefusedAsync(fromElsewhere, "Cơ quan");

        // Another agency, from the same addresses, has its own budget.
        using var hcmc = await scene.Agency.SendEventAsync(first, RateLimitScene.Hcmc, Event());
        Assert.Equal(HttpStatusCode.NotFound, hcmc.StatusCode);
        var (response, view) = await scene.Portal.GetDossierAsync(Dossier.Id, Dossier.AccessKey);
        response.Dispose();
        Assert.Equal(DossierStatus.Forwarded, view!["status"]!.GetValue<string>());
    }

    [Fact]
    public async Task A_forger_spraying_agency_ids_from_one_address_is_held_back_by_its_failed_lookups()
    {
        using var forger = scene.ClientFrom(21);
        for (var i = 0; i < RateLimitScene.FailedLookups; i++)
        {
            using var unknown = await forger.SendAsync(HttpMethod.Post, $"/api/agencies/khong-co-{i}/events", Event());
            Assert.Equal(HttpStatusCode.NotFound, unknown.StatusCode);
        }

        using var refused = await forger.SendAsync(HttpMethod.Post, "/api/agencies/khong-co-nua/events", Event());
        await AssertRefusedAsync(refused);
        using var elsewhere = scene.ClientFrom(22);
        using var genuine = await scene.Agency.SendEventAsync(elsewhere, RateLimitScene.Hcmc, Event());
        Assert.Equal(HttpStatusCode.NotFound, genuine.StatusCode);
    }

    [Fact]
    public async Task The_gateways_ipn_is_counted_for_the_gateway_whatever_address_it_comes_from()
    {
        for (var i = 0; i < RateLimitScene.GatewayCallbacks; i++)
        {
            using var client = scene.ClientFrom(10 + i);
            using var unsigned = await client.GetAsync(new Uri("/api/payments/vnpay/ipn?vnp_TxnRef=HS-ABCDEFGHJKMN-TT01-01", UriKind.Relative));
            Assert.Equal(HttpStatusCode.OK, unsigned.StatusCode);
            Assert.Equal("97", (await BodyAsync(unsigned))!["RspCode"]!.GetValue<string>());
        }

        // The IPN always answers 200 JSON (API.md): past the budget, the protocol's 99, which the gateway calls again after.
        using var another = scene.ClientFrom(20);
        using var refused = await another.GetAsync(new Uri("/api/payments/vnpay/ipn?vnp_TxnRef=HS-ABCDEFGHJKMN-TT01-01", UriKind.Relative));
        Assert.Equal(HttpStatusCode.OK, refused.StatusCode);
        Assert.Equal("application/json", refused.Content.Headers.ContentType?.MediaType);
        Assert.Equal("""{"RspCode":"99","Message":"Unknown error"}""", await refused.Content.ReadAsStringAsync());
        Assert.InRange(refused.Headers.RetryAfter?.Delta ?? TimeSpan.Zero, TimeSpan.FromSeconds(1), TimeSpan.FromMinutes(1));
        Assert.True(refused.Headers.CacheControl?.NoStore);
    }

    // ---- helpers ----

    /// <summary>Wrong keys until the client's failed lookups run out: its last one is the first 429.</summary>
    /// <param name="behind">The client address a trusted proxy names, if <paramref name="client"/> is that proxy.</param>
    private async Task SpendFailedLookupsAsync(HttpClient client, string? behind = null)
    {
        for (var i = 0; i < RateLimitScene.FailedLookups; i++)
        {
            using var guess = await client.SendAsync(Behind(behind, HttpMethod.Get, $"/api/dossiers/{Dossier.Id}", accessKey: AccessKey.New()));
            Assert.Equal(HttpStatusCode.NotFound, guess.StatusCode);
        }

        using var refused = await client.SendAsync(Behind(behind, HttpMethod.Get, $"/api/dossiers/{Dossier.Id}", accessKey: AccessKey.New()));
        await AssertRefusedAsync(refused);
    }

    private static HttpRequestMessage Behind(string? client, HttpMethod method, string path, string? accessKey = null)
    {
        var request = PortalHttp.Request(method, path, accessKey: accessKey);
        if (client is not null)
        {
            request.Headers.Add(RateLimitsOptions.FrontDoorSocketHeader, client);
        }

        return request;
    }

    /// <summary>Until two snapshots of the whole account taken a second apart agree: the scene's forwarding and e-mail are done.</summary>
    private async Task QuietAsync()
    {
        var previous = await scene.Portal.StorageSnapshotAsync();
        await Poll.UntilAsync(async () =>
            {
                await Task.Delay(TimeSpan.FromSeconds(1));
                var current = await scene.Portal.StorageSnapshotAsync();
                var quiet = current.SequenceEqual(previous);
                previous = current;
                return quiet;
            },
            TimeSpan.FromSeconds(30), () => "Storage never stopped changing.");
    }

    private object Event() => new { type = "dossier.status_changed", timestamp = DateTimeOffset.UtcNow, data = new { dossierId = Dossier.Id, status = DossierStatus.Accepted } };

    private static StringContent JsonPart(object value) =>
        new(System.Text.Json.JsonSerializer.Serialize(value, System.Text.Json.JsonSerializerOptions.Web), System.Text.Encoding.UTF8, "application/json");

    private static async Task AssertRefusedAsync(HttpResponseMessage response, string detailStart = "Có quá nhiều yêu cầu")
    {
        Assert.Equal(HttpStatusCode.TooManyRequests, response.StatusCode);
        Assert.True(response.Headers.CacheControl?.NoStore, "A refusal carries the API's security headers: no-store.");
        Assert.Equal("nosniff", Assert.Single(response.Headers.GetValues("X-Content-Type-Options")));
        var body = await BodyAsync(response);
        AssertRefusal(body, response.Headers.RetryAfter?.Delta, response.Content.Headers.ContentType?.MediaType);
        Assert.StartsWith(detailStart, body!["detail"]!.GetValue<string>(), StringComparison.Ordinal);
    }

    private static void AssertRefusal(JsonNode? body, TimeSpan? retryAfter, string? mediaType)
    {
        Assert.Equal("application/problem+json", mediaType);
        Assert.NotNull(retryAfter);
        Assert.InRange(retryAfter.Value, TimeSpan.FromSeconds(1), TimeSpan.FromMinutes(1));
        Assert.Equal(429, body!["status"]!.GetValue<int>());
        Assert.Equal("Too Many Requests", body["title"]!.GetValue<string>());
        Assert.False(string.IsNullOrEmpty(body["type"]?.GetValue<string>()));
        Assert.EndsWith($"sau {(int)retryAfter.Value.TotalSeconds} giây.", body["detail"]!.GetValue<string>(), StringComparison.Ordinal);
    }

    private static async Task<JsonNode?> BodyAsync(HttpResponseMessage response)
    {
        var text = await response.Content.ReadAsStringAsync();
        return text.Length > 0 ? JsonNode.Parse(text) : null;
    }
}
