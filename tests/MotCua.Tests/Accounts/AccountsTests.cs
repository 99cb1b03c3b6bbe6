// Issue 16: accounts through the DevHost and the real worker against Azurite, signed in at the demo provider (demo/DemoIdentity)
// over HTTP as a browser does: the account opened by /api/me, a dossier that is its owner's without a key, "my dossiers" from the
// account's own partition, and documents reused in a new dossier with the citizen's consent.
using System.Net;
using System.Text.Json.Nodes;
using Microsoft.Extensions.DependencyInjection;
using MotCua.Tests.Infrastructure;
using MotCua.Tests.Reporting;

namespace MotCua.Tests.Accounts;

public sealed class AccountsTests(Azurite azurite) : IClassFixture<Azurite>
{
    private const string Hanoi = "evn-hanoi";
    private const string An = "001090012345";
    private const string Binh = "079185000123";
    private const string SaoMai = "0101234567";

    [Fact]
    public async Task The_first_call_to_me_opens_the_account_and_counts_citizens_and_businesses_apart()
    {
        await using var identity = await TestIdentity.StartAsync();
        await using var portal = await Portal.StartAsync(azurite, identity.PortalSettings());
        var before = await Ops.GetJsonAsync(portal, "/api/ops/stats");
        var an = await SignInAsync(identity, An);
        var saoMai = await SignInAsync(identity, SaoMai);

        var first = await GetAsync(portal, "/api/me", an);
        var again = await GetAsync(portal, "/api/me", an);
        var business = await GetAsync(portal, "/api/me", saoMai);

        Assert.Equal(("citizen", "Nguyễn Văn An", "0010******45"), (Text(first, "kind"), Text(first, "fullName"), Text(first, "idNumberMasked")));
        Assert.Null(first["taxCode"]);
        Assert.EndsWith("+07:00", Text(first, "since"), StringComparison.Ordinal);
        Assert.Equal(Text(first, "since"), Text(again, "since"));
        Assert.Equal(("business", "Công ty TNHH Thương mại Sao Mai", SaoMai), (Text(business, "kind"), Text(business, "fullName"), Text(business, "taxCode")));
        var after = await Ops.GetJsonAsync(portal, "/api/ops/stats");
        Assert.Equal((1, 1), (Ops.Long(after, "accounts.citizen") - Ops.Long(before, "accounts.citizen"),
            Ops.Long(after, "accounts.business") - Ops.Long(before, "accounts.business")));
    }

    [Fact]
    public async Task With_no_authority_sign_in_is_off_every_token_is_a_401_and_the_front_end_is_told()
    {
        await using var identity = await TestIdentity.StartAsync();
        var token = await SignInAsync(identity, An);
        await using var portal = await Portal.StartAsync(azurite, new Dictionary<string, string?> { ["Auth:Authority"] = "" });

        using var config = await portal.Client.GetAsync("/api/auth/config");
        using var me = await portal.Client.SendAsync(HttpMethod.Get, "/api/me", bearer: token);
        var anonymous = await portal.SubmitJsonAsync(Samples.ElectricityPayment());

        Assert.Equal((HttpStatusCode.NotFound, HttpStatusCode.Unauthorized, HttpStatusCode.Created), (config.StatusCode, me.StatusCode, anonymous.Response.StatusCode));
    }

    [Fact]
    public async Task A_dossier_submitted_signed_in_is_its_owners_without_a_key_and_answers_anyone_else_as_unknown()
    {
        await using var identity = await TestIdentity.StartAsync();
        await using var agency = await TestAgency.StartAsync();
        await using var portal = await Portal.StartAsync(azurite, identity.PortalSettings());
        var (an, binh) = (await SignInAsync(identity, An), await SignInAsync(identity, Binh));
        var submitted = await portal.SubmitForwardedAsync(agency, Hanoi,
            p => p.SubmitMultipartAsync(Samples.ElectricityConnection(), Samples.ElectricityConnectionFiles(), bearer: an));
        Assert.Equal(32, submitted.AccessKey.Length);
        var dossier = await GetAsync(portal, $"/api/dossiers/{submitted.Id}", an);
        var attachment = Text(dossier["attachments"]![0]!, "id");

        Assert.Equal("forwarded", Text(dossier, "status"));
        using (var file = await portal.Client.SendAsync(HttpMethod.Get, $"/api/dossiers/{submitted.Id}/attachments/{attachment}", bearer: an))
        {
            Assert.Equal(HttpStatusCode.OK, file.StatusCode);
        }

        foreach (var (method, path) in new[]
                 {
                     (HttpMethod.Get, $"/api/dossiers/{submitted.Id}"), (HttpMethod.Get, $"/api/dossiers/{submitted.Id}/attachments/{attachment}"),
                     (HttpMethod.Post, $"/api/dossiers/{submitted.Id}/withdraw"), (HttpMethod.Post, $"/api/dossiers/{submitted.Id}/rating"),
                 })
        {
            using var other = await portal.Client.SendAsync(method, path, method == HttpMethod.Post ? new { score = 5 } : null, bearer: binh);
            using var nobody = await portal.Client.SendAsync(method, path, method == HttpMethod.Post ? new { score = 5 } : null);
            Assert.Equal((HttpStatusCode.NotFound, HttpStatusCode.NotFound), (other.StatusCode, nobody.StatusCode));
        }

        using var withdrawn = await portal.Client.SendAsync(HttpMethod.Post, $"/api/dossiers/{submitted.Id}/withdraw", bearer: an);
        Assert.Equal(HttpStatusCode.OK, withdrawn.StatusCode);
        var mine = await GetAsync(portal, "/api/me/dossiers", an);
        var listed = Assert.Single(mine["items"]!.AsArray())!;
        Assert.Equal((submitted.Id, "withdrawn", "Đã rút", 0L), (Text(listed, "id"), Text(listed, "status"), Text(listed, "statusLabel"), listed["payable"]!.GetValue<long>()));
        Assert.Empty((await GetAsync(portal, "/api/me/dossiers", binh))["items"]!.AsArray());
    }

    [Fact]
    public async Task A_fee_due_shows_in_my_dossiers_and_the_owner_pays_it_with_the_token()
    {
        await using var identity = await TestIdentity.StartAsync();
        await using var portal = await Portal.StartAsync(azurite, identity.PortalSettings());
        var an = await SignInAsync(identity, An);
        var submitted = await portal.SubmitMultipartAsync(Samples.Licence(), Samples.LicenceFiles(), bearer: an);
        Assert.Equal("awaiting_payment", Text(submitted.Body!, "status"));

        var listed = (await GetAsync(portal, "/api/me/dossiers", an))["items"]![0]!;
        Assert.Equal(("awaiting_payment", 135000L), (Text(listed, "status"), listed["payable"]!.GetValue<long>()));
        var paymentId = Text(submitted.Body!["payments"]![0]!, "id");
        using var checkout = await portal.Client.SendAsync(HttpMethod.Post, $"/api/dossiers/{submitted.Id}/payments/{paymentId}/checkout", bearer: an);
        Assert.Equal(HttpStatusCode.OK, checkout.StatusCode);
        var payUrl = Text(JsonNode.Parse(await checkout.Content.ReadAsStringAsync())!, "payUrl");
        using var ipn = await portal.Client.GetAsync($"/api/payments/vnpay/ipn?{TestVnpay.Callback(payUrl)}");
        Assert.Equal("00", Text(JsonNode.Parse(await ipn.Content.ReadAsStringAsync())!, "RspCode"));

        var paid = await Poll.UntilAsync(() => GetAsync(portal, "/api/me/dossiers", an), page => page["items"]![0]!["payable"]!.GetValue<long>() == 0,
            TimeSpan.FromSeconds(10), page => page.ToJsonString());
        Assert.NotEqual("awaiting_payment", Text(paid["items"]![0]!, "status"));
    }

    [Fact]
    public async Task Submitting_in_another_persons_identity_number_is_a_403_and_stores_nothing()
    {
        await using var identity = await TestIdentity.StartAsync();
        await using var portal = await Portal.StartAsync(azurite, identity.PortalSettings());
        var marker = Samples.Marker();

        var asSomeoneElse = await portal.SubmitJsonAsync(Samples.ElectricityPayment(Samples.Citizen(An, marker: marker)), bearer: await SignInAsync(identity, Binh));
        var businessAsCitizen = await portal.SubmitJsonAsync(Samples.ElectricityPayment(Samples.Citizen(An, marker: marker)),
            bearer: await SignInAsync(identity, SaoMai));

        Assert.Equal((HttpStatusCode.Forbidden, HttpStatusCode.Forbidden), (asSomeoneElse.Response.StatusCode, businessAsCitizen.Response.StatusCode));
        Assert.Equal("application/problem+json", asSomeoneElse.Response.Content.Headers.ContentType?.MediaType);
        Assert.Empty(await portal.DossiersMentioningAsync(marker));
    }

    [Fact]
    public async Task My_dossiers_are_twenty_a_page_newest_first_each_page_one_query_of_the_accounts_partition()
    {
        await using var identity = await TestIdentity.StartAsync();
        await using var agency = await TestAgency.StartAsync();
        var requests = new StorageRequestLog();
        await using var portal = await Portal.StartAsync(azurite, identity.PortalSettings(),
            configure: b => b.Services.AddSingleton(requests.Client(azurite.ConnectionString)));
        await portal.RegisterAsync(agency, Hanoi);
        var an = await SignInAsync(identity, An);
        var ids = new List<string>();
        for (var i = 0; i < 21; i++)
        {
            var submitted = await portal.SubmitJsonAsync(Samples.ElectricityPayment(), bearer: an);
            Assert.Equal(HttpStatusCode.Created, submitted.Response.StatusCode);
            ids.Add(submitted.Id);
        }

        // Forwarding refreshes each dossier's entry in the account's list: let it finish before counting what a page costs.
        static bool AllForwarded(JsonNode page) => page["items"]!.AsArray().All(item => Text(item!, "status") == "forwarded");
        var firstPage = await Poll.UntilAsync(() => GetAsync(portal, "/api/me/dossiers", an), AllForwarded, TimeSpan.FromSeconds(60), page => page.ToJsonString());
        await Poll.UntilAsync(() => GetAsync(portal, $"/api/me/dossiers?page={Uri.EscapeDataString(Text(firstPage, "next"))}", an), AllForwarded,
            TimeSpan.FromSeconds(30), page => page.ToJsonString());
        JsonNode first = null!, second = null!;
        var firstCost = await AccountRequestsDuringAsync(requests, async () => first = await GetAsync(portal, "/api/me/dossiers", an));
        var next = Text(first, "next");
        var secondCost = await AccountRequestsDuringAsync(requests,
            async () => second = await GetAsync(portal, $"/api/me/dossiers?page={Uri.EscapeDataString(next)}", an));

        Assert.Equal(Enumerable.Reverse(ids).Take(20), first["items"]!.AsArray().Select(item => Text(item!, "id")));
        Assert.Equal([ids[0]], second["items"]!.AsArray().Select(item => Text(item!, "id")));
        Assert.Null(second["next"]);
        Assert.Equal((1, 1), (firstCost.Count, secondCost.Count));
        Assert.All(firstCost.Concat(secondCost), request => Assert.True(StorageRequestLog.IsQuery(request)));
    }

    /// <summary>
    /// The requests to table Accounts while <paramref name="action"/> ran; the dossiers submitted meanwhile are being forwarded to an
    /// agency that is not there, which reads and writes table Dossiers in the background, never table Accounts (they are not moving).
    /// </summary>
    private static async Task<List<Uri>> AccountRequestsDuringAsync(StorageRequestLog requests, Func<Task> action)
    {
        var before = requests.Requests.Count();
        await action();
        return [.. requests.Requests.Skip(before).Where(r => StorageRequestLog.TableOf(r) == "Accounts")];
    }

    [Fact]
    public async Task A_result_is_reused_in_a_new_dossier_with_consent_and_reaches_the_agency_like_an_upload()
    {
        await using var identity = await TestIdentity.StartAsync();
        await using var agency = await TestAgency.StartAsync();
        await using var portal = await Portal.StartAsync(azurite, identity.PortalSettings());
        var (an, binh) = (await SignInAsync(identity, An), await SignInAsync(identity, Binh));
        var earlier = await portal.SubmitForwardedAsync(agency, Hanoi,
            p => p.SubmitMultipartAsync(Samples.ElectricityConnection(), Samples.ElectricityConnectionFiles(), bearer: an));
        var result = Samples.Pdf("Bien ban nghiem thu");
        await agency.ApplyAsync(portal.Client, Hanoi, new { type = "dossier.status_changed", timestamp = DateTimeOffset.UtcNow, data = new { dossierId = earlier.Id, status = "accepted" } });
        await agency.ApplyAsync(portal.Client, Hanoi, new { type = "dossier.status_changed", timestamp = DateTimeOffset.UtcNow, data = new { dossierId = earlier.Id, status = "processing" } });
        await agency.ApplyAsync(portal.Client, Hanoi, new
        {
            type = "dossier.result_issued", timestamp = DateTimeOffset.UtcNow,
            data = new { dossierId = earlier.Id, documents = new[] { new { fileName = "biên bản nghiệm thu.pdf", contentType = "application/pdf", contentBase64 = Convert.ToBase64String(result) } } },
        });

        var documents = (await GetAsync(portal, "/api/me/documents", an)).AsArray();
        Assert.Equal(["result", "attachment", "attachment"], documents.Select(d => Text(d!, "kind")));
        var issued = documents[0]!;
        Assert.Equal(("biên bản nghiệm thu.pdf", earlier.Id, Hanoi), (Text(issued, "fileName"), Text(issued, "fromDossierId"), Text(issued, "issuedBy")));
        Assert.Empty((await GetAsync(portal, "/api/me/documents", binh)).AsArray());

        var reusing = await portal.SubmitJsonAsync(new
        {
            procedureCode = "cap-dien-moi-ha-ap",
            applicant = Samples.Citizen(An),
            fields = new { installationAddress = "Số 12 ngõ 34 Khâm Thiên, Đống Đa, Hà Nội", province = "Hà Nội", purpose = "Sinh hoạt", phases = "1 pha", requestedCapacityKw = 8 },
            reuse = new Dictionary<string, string> { ["proofOfPremises"] = Text(issued, "id") },
        }, bearer: an);

        Assert.Equal(HttpStatusCode.Created, reusing.Response.StatusCode);
        var webhook = await agency.WaitForAsync(w => w.Type == "dossier.submitted" && w.Data["dossierId"]?.GetValue<string>() == reusing.Id);
        var sent = Assert.Single(webhook.Data["attachments"]!.AsArray())!;
        Assert.Equal(("biên bản nghiệm thu.pdf", Convert.ToHexStringLower(System.Security.Cryptography.SHA256.HashData(result))),
            (Text(sent, "fileName"), Text(sent, "sha256")));
        Assert.StartsWith(new Uri(portal.App.BaseAddress, "/api/files/").AbsoluteUri, Text(sent, "url"), StringComparison.Ordinal);
        using var http = new HttpClient();
        Assert.Equal(result, await http.GetByteArrayAsync(Text(sent, "url")));
        var read = Assert.Single((await GetAsync(portal, $"/api/me/documents/{Text(issued, "id")}/access-log", an)).AsArray())!;
        Assert.Equal((Hanoi, reusing.Id), (Text(read, "agencyId"), Text(read, "dossierId")));
        Assert.Contains("Cấp điện", Text(read, "purpose"), StringComparison.OrdinalIgnoreCase);
        Assert.NotEmpty(Text(read, "agencyName"));
        var consent = Assert.Single(await portal.RowsAsync(reusing.Id, "consent|"));
        Assert.Equal((Text(issued, "id"), Hanoi), (consent.GetString("DocumentId"), consent.GetString("AgencyIds")));

        // Another account's document, a document of a type the key does not accept, and reuse without signing in: refused.
        var notMine = await portal.SubmitJsonAsync(Reuse(Samples.Citizen(Binh), "proofOfPremises", Text(issued, "id")), bearer: binh);
        var wrongType = await portal.SubmitMultipartAsync(Reuse(Samples.Citizen(An), "portraitPhoto", Text(issued, "id"), Samples.Licence()),
            Samples.LicenceFiles().Where(f => f.Item1 != "portraitPhoto"), bearer: an);
        var anonymous = await portal.SubmitJsonAsync(Reuse(Samples.Citizen(An), "proofOfPremises", Text(issued, "id")));
        Assert.Equal((HttpStatusCode.BadRequest, HttpStatusCode.BadRequest, HttpStatusCode.Unauthorized),
            (notMine.Response.StatusCode, wrongType.Response.StatusCode, anonymous.Response.StatusCode));
        Assert.NotNull(notMine.Body!["errors"]!["reuse.proofOfPremises"]);
        Assert.NotNull(wrongType.Body!["errors"]!["reuse.portraitPhoto"]);
    }

    [Fact]
    public async Task Withdrawn_consent_tells_the_agency_once_and_cannot_be_withdrawn_by_another_account_or_after_the_end()
    {
        await using var identity = await TestIdentity.StartAsync();
        await using var agency = await TestAgency.StartAsync();
        await using var portal = await Portal.StartAsync(azurite, identity.PortalSettings());
        var (an, binh) = (await SignInAsync(identity, An), await SignInAsync(identity, Binh));
        var submitted = await portal.SubmitForwardedAsync(agency, Hanoi,
            p => p.SubmitMultipartAsync(Samples.ElectricityConnection(), Samples.ElectricityConnectionFiles(), bearer: an));
        var document = (await GetAsync(portal, "/api/me/documents", an)).AsArray().First(d => Text(d!, "fileName") == "hợp đồng thuê nhà.pdf")!;
        var path = $"/api/me/documents/{Text(document, "id")}/consent/{submitted.Id}";

        using var byOther = await portal.Client.SendAsync(HttpMethod.Delete, path, bearer: binh);
        using var first = await portal.Client.SendAsync(HttpMethod.Delete, path, bearer: an);
        using var again = await portal.Client.SendAsync(HttpMethod.Delete, path, bearer: an);

        Assert.Equal((HttpStatusCode.NotFound, HttpStatusCode.NoContent, HttpStatusCode.NoContent), (byOther.StatusCode, first.StatusCode, again.StatusCode));
        var told = await agency.WaitForAsync(w => w.Type == "dossier.consent_withdrawn" && w.Data["dossierId"]?.GetValue<string>() == submitted.Id);
        var link = agency.Received.Single(w => w.Type == "dossier.submitted").Data["attachments"]!.AsArray()
            .Single(f => Text(f!, "fileName") == "hợp đồng thuê nhà.pdf")!;
        using var browser = new HttpClient();
        using (var gone = await browser.GetAsync(Text(link, "url")))
        {
            Assert.Equal(HttpStatusCode.Gone, gone.StatusCode);
        }

        Assert.Empty((await GetAsync(portal, $"/api/me/documents/{Text(document, "id")}/access-log", an)).AsArray());
        Assert.Equal("hợp đồng thuê nhà.pdf", Text(told.Data["files"]![0]!, "fileName"));
        Assert.NotNull((await portal.RowsAsync(submitted.Id, "consent|")).Single(c => c.GetString("DocumentId") == Text(document, "id")).GetDateTimeOffset("WithdrawnAt"));
        await Task.Delay(TimeSpan.FromSeconds(1));
        Assert.Single(agency.Received, w => w.Type == "dossier.consent_withdrawn");

        await agency.ApplyAsync(portal.Client, Hanoi, new { type = "dossier.status_changed", timestamp = DateTimeOffset.UtcNow, data = new { dossierId = submitted.Id, status = "rejected" } });
        var other = (await GetAsync(portal, "/api/me/documents", an)).AsArray().First(d => Text(d!, "fileName") != "hợp đồng thuê nhà.pdf")!;
        using var afterTheEnd = await portal.Client.SendAsync(HttpMethod.Delete, $"/api/me/documents/{Text(other, "id")}/consent/{submitted.Id}", bearer: an);
        Assert.Equal(HttpStatusCode.Conflict, afterTheEnd.StatusCode);
    }

    private static JsonNode Reuse(object applicant, string documentKey, string documentId, object? procedure = null)
    {
        var dossier = JsonNode.Parse(System.Text.Json.JsonSerializer.Serialize(procedure ?? Samples.ElectricityConnection(), System.Text.Json.JsonSerializerOptions.Web))!;
        dossier["applicant"] = JsonNode.Parse(System.Text.Json.JsonSerializer.Serialize(applicant, System.Text.Json.JsonSerializerOptions.Web));
        dossier["reuse"] = new JsonObject { [documentKey] = documentId };
        return dossier;
    }

    private static string Text(JsonNode node, string name) => node[name]!.GetValue<string>();

    private static async Task<string> SignInAsync(TestIdentity identity, string account) =>
        (await identity.SignInAsync(account, TestIdentity.DefaultRedirectUri)).AccessToken;

    private static async Task<JsonNode> GetAsync(Portal portal, string path, string bearer)
    {
        using var response = await portal.Client.SendAsync(HttpMethod.Get, path, bearer: bearer);
        var text = await response.Content.ReadAsStringAsync();
        Assert.True(response.StatusCode == HttpStatusCode.OK, $"GET {path}: {(int)response.StatusCode} {text}");
        return JsonNode.Parse(text)!;
    }
}
