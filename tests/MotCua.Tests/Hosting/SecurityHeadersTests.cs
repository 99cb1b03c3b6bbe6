// Issue 18, point 2: the security headers of every page and every API family as served through the DevHost, which plays the
// edge for the pages (and the host's own answers) and forwards the rest to the worker, whose own headers these are.
using System.Net;
using System.Text.Json.Nodes;
using MotCua.Tests.Accounts;
using MotCua.Tests.Infrastructure;

namespace MotCua.Tests.Hosting;

public sealed class SecurityHeadersTests(Azurite azurite) : IClassFixture<Azurite>
{
    [Fact]
    public async Task Every_page_has_a_policy_without_inline_code_that_connects_only_to_the_portal_and_the_identity_provider()
    {
        var identity = TestIdentity.Plan.New();
        await using var portal = await Portal.StartAsync(azurite, identity.PortalSettings);
        var web = Path.Combine(RepoRoot.Path, "web");
        var paths = Directory.EnumerateFiles(web, "*", SearchOption.AllDirectories)
            .Select(file => "/" + Path.GetRelativePath(web, file).Replace('\\', '/'))
            .Order(StringComparer.Ordinal)
            .Concat(["/", "/khong-co-trang-nay.html"])
            .ToList();
        Assert.Contains("/track.html", paths);

        var failures = new List<string>();
        foreach (var path in paths)
        {
            using var response = await portal.Client.GetAsync(new Uri(path, UriKind.Relative));
            Expect(failures, path, response.StatusCode == (path.StartsWith("/khong-co", StringComparison.Ordinal) ? HttpStatusCode.NotFound : HttpStatusCode.OK),
                $"status {(int)response.StatusCode}");
            ExpectCommon(failures, path, response);
            var policy = Policy(Header(response, "Content-Security-Policy"));
            Expect(failures, path, policy.GetValueOrDefault("default-src") == "'none'", "default-src is not 'none'");
            Expect(failures, path, policy.GetValueOrDefault("script-src") == "'self'", "script-src is not 'self' alone");
            Expect(failures, path, policy.GetValueOrDefault("style-src") == "'self'", "style-src is not 'self' alone");
            Expect(failures, path, policy.GetValueOrDefault("connect-src") == $"'self' {identity.Authority.GetLeftPart(UriPartial.Authority)}",
                $"connect-src is '{policy.GetValueOrDefault("connect-src")}', not the portal and the identity provider");
            Expect(failures, path, policy.Values.All(sources => !sources.Contains("unsafe", StringComparison.Ordinal)), "the policy allows unsafe code");
        }

        Assert.Empty(failures);
    }

    [Fact]
    public async Task Every_api_family_answers_with_the_headers_and_no_store_whether_it_succeeds_or_refuses()
    {
        await using var scene = await AccountScene.StartAsync(azurite);
        var portal = scene.Portal;
        var client = portal.Client;
        var answers = new List<(string What, HttpResponseMessage Response)>();
        async Task<HttpResponseMessage> Keep(string what, Task<HttpResponseMessage> sending)
        {
            var response = await sending;
            answers.Add((what, response));
            return response;
        }

        Task<HttpResponseMessage> Get(string path, string? accessKey = null, string? functionKey = null, string? bearer = null) =>
            client.SendAsync(HttpMethod.Get, path, accessKey: accessKey, functionKey: functionKey, bearer: bearer);

        // Catalog, sign-in settings, health, published feedback: public, and still never stored.
        await Keep("procedures", Get("/api/procedures?q=giay%20phep"));
        await Keep("a procedure", Get($"/api/procedures/{Samples.LicenceExchange}"));
        await Keep("agencies", Get("/api/agencies"));
        await Keep("auth config", Get("/api/auth/config"));
        await Keep("health", Get("/api/health"));
        await Keep("published feedback", Get("/api/feedback/published"));
        await Keep("a visit", client.SendAsync(HttpMethod.Post, "/api/visits"));

        // A dossier with a fee: its 201 carries the access key; the view, a file, the checkout and the receipt carry personal data.
        var licence = await portal.SubmitMultipartAsync(Samples.Licence(), Samples.LicenceFiles());
        answers.Add(("submission 201", licence.Response));
        Assert.Equal(HttpStatusCode.Created, licence.Response.StatusCode);
        var paymentId = licence.Body!["payments"]![0]!["id"]!.GetValue<string>();
        await Keep("checkout", client.SendAsync(HttpMethod.Post, $"/api/dossiers/{licence.Id}/payments/{paymentId}/checkout", accessKey: licence.AccessKey));
        await portal.PayFeeIfDueAsync(licence);
        await Keep("receipt", Get($"/api/dossiers/{licence.Id}/payments/{paymentId}/receipt", licence.AccessKey));
        var view = JsonNode.Parse(await (await Keep("dossier view", Get($"/api/dossiers/{licence.Id}", licence.AccessKey))).Content.ReadAsStringAsync())!;
        await Keep("attachment", Get($"/api/dossiers/{licence.Id}/attachments/{view["attachments"]![0]!["id"]!.GetValue<string>()}", licence.AccessKey));
        await Keep("dossier, wrong key", Get($"/api/dossiers/{licence.Id}", "sai-khoa"));
        await Keep("payment IPN, bad signature", Get("/api/payments/vnpay/ipn?vnp_TxnRef=x&vnp_SecureHash=00"));
        await Keep("payment return, bad signature", Get("/api/payments/vnpay/return?vnp_TxnRef=x&vnp_SecureHash=00"));

        // The agency's side: its callbacks, a file link (a redirect to a storage link, itself a credential), a result and a rating.
        var dossier = scene.Dossier;
        var webhook = await scene.Agency.WaitForAsync(w => w.Type == "dossier.submitted" && w.Data["dossierId"]!.GetValue<string>() == dossier.Id);
        using (var noRedirects = new HttpClient(new SocketsHttpHandler { AllowAutoRedirect = false }))
        {
            answers.Add(("file link", await noRedirects.GetAsync(new Uri(webhook.Data["attachments"]![0]!["url"]!.GetValue<string>()))));
        }

        foreach (var status in new[] { "accepted", "processing" })
        {
            await Keep($"agency event {status}", scene.Agency.SendEventAsync(client, AccountScene.Hanoi,
                new { type = "dossier.status_changed", timestamp = DateTimeOffset.UtcNow, data = new { dossierId = dossier.Id, status } }));
        }

        await Keep("agency event result", scene.Agency.SendEventAsync(client, AccountScene.Hanoi, new
        {
            type = "dossier.result_issued",
            timestamp = DateTimeOffset.UtcNow,
            data = new { dossierId = dossier.Id, documents = new[] { new { fileName = "ket-qua.pdf", contentType = "application/pdf", contentBase64 = Convert.ToBase64String(Samples.Pdf("Ket qua")) } } },
        }));
        await Keep("agency event, unsigned", client.SendAsync(HttpMethod.Post, $"/api/agencies/{AccountScene.Hanoi}/events", new { type = "dossier.status_changed" }));
        var approved = await portal.WaitForDossierAsync(dossier.Id, dossier.AccessKey, d => d["status"]!.GetValue<string>() == "approved");
        await Keep("result", Get($"/api/dossiers/{dossier.Id}/results/{approved["results"]![0]!["id"]!.GetValue<string>()}", dossier.AccessKey));
        await Keep("rating", client.SendAsync(HttpMethod.Post, $"/api/dossiers/{dossier.Id}/rating", new { score = 5 }, accessKey: dossier.AccessKey));

        // Feedback: its 201 carries the access key, its view the author's text.
        var feedback = await Keep("feedback 201", client.SendAsync(HttpMethod.Post, "/api/feedback", Samples.Feedback()));
        Assert.Equal(HttpStatusCode.Created, feedback.StatusCode);
        var receipt = JsonNode.Parse(await feedback.Content.ReadAsStringAsync())!;
        await Keep("feedback view", Get($"/api/feedback/{receipt["id"]!.GetValue<string>()}", receipt["accessKey"]!.GetValue<string>()));

        // Signed in: the account, its dossiers, its documents and their access log; a bad token is refused before any function.
        await Keep("me", Get("/api/me", bearer: scene.An));
        await Keep("my dossiers", Get("/api/me/dossiers", bearer: scene.An));
        var documents = JsonNode.Parse(await (await Keep("my documents", Get("/api/me/documents", bearer: scene.An))).Content.ReadAsStringAsync())!;
        var documentId = documents[0]!["id"]!.GetValue<string>();
        await Keep("my document", Get($"/api/me/documents/{documentId}/content", bearer: scene.An));
        await Keep("access log", Get($"/api/me/documents/{documentId}/access-log", bearer: scene.An));
        await Keep("me, bad token", Get("/api/me", bearer: "khong-phai-token"));

        // Ops, and the host's own answers: a missing key, no such function, the admin API without its key.
        await Keep("ops stats", Get("/api/ops/stats", functionKey: FunctionApp.FunctionKey));
        await Keep("ops deliveries", Get("/api/ops/deliveries", functionKey: FunctionApp.FunctionKey));
        await Keep("ops stats, no key", Get("/api/ops/stats"));
        await Keep("no such function", Get("/api/khong-co"));
        await Keep("admin, no key", client.SendAsync(HttpMethod.Post, "/admin/functions/OutboxSweep"));

        var failures = new List<string>();
        foreach (var (what, response) in answers)
        {
            using (response)
            {
                ExpectCommon(failures, what, response);
                Expect(failures, what, Header(response, "Content-Security-Policy") == "default-src 'none'; frame-ancestors 'none'",
                    $"Content-Security-Policy is '{Header(response, "Content-Security-Policy")}'");
                Expect(failures, what, response.Headers.CacheControl is { NoStore: true }, $"Cache-Control is '{response.Headers.CacheControl}'");
            }
        }

        Assert.Empty(failures);
        Assert.Contains(answers, answer => answer.What == "file link" && answer.Response.StatusCode == HttpStatusCode.Found);
        Assert.Contains(answers, answer => answer.What == "receipt" && answer.Response.Content.Headers.ContentType?.MediaType == "application/pdf");
    }

    /// <summary>On every answer, page or API: no sniffing, no Referer, no framing; no HSTS over plain HTTP (browsers ignore it there).</summary>
    private static void ExpectCommon(List<string> failures, string what, HttpResponseMessage response)
    {
        Expect(failures, what, Header(response, "X-Content-Type-Options") == "nosniff", "X-Content-Type-Options is not nosniff");
        Expect(failures, what, Header(response, "Referrer-Policy") == "no-referrer", "Referrer-Policy is not no-referrer");
        Expect(failures, what, Policy(Header(response, "Content-Security-Policy")).GetValueOrDefault("frame-ancestors") == "'none'",
            "frame-ancestors is not 'none'");
        Expect(failures, what, Header(response, "Strict-Transport-Security") is null, "Strict-Transport-Security over plain HTTP");
    }

    private static void Expect(List<string> failures, string what, bool holds, string problem)
    {
        if (!holds)
        {
            failures.Add($"{what}: {problem}");
        }
    }

    private static string? Header(HttpResponseMessage response, string name) =>
        response.Headers.TryGetValues(name, out var values) || response.Content.Headers.TryGetValues(name, out values) ? string.Join(", ", values) : null;

    /// <summary>A Content-Security-Policy's directives: name → its sources as written.</summary>
    private static Dictionary<string, string> Policy(string? header) =>
        (header ?? "").Split(';', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries)
            .Select(directive => directive.Split(' ', 2))
            .ToDictionary(parts => parts[0], parts => parts.Length > 1 ? parts[1].Trim() : "", StringComparer.OrdinalIgnoreCase);
}
