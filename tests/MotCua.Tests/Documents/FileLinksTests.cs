// Portal file links end to end, through the DevHost on Azurite: the agency's webhook carries /api/files/{token} links, which
// record each read (in the dossier; in the account's access log for an account's document) and then send the agency on to a
// short-lived storage link. The app's clock is set by each test, so that seven days pass at once.
using System.Net;
using System.Security.Cryptography;
using System.Text.Json.Nodes;
using System.Web;
using Azure;
using Azure.Data.Tables;
using Microsoft.Extensions.DependencyInjection;
using MotCua.Storage;
using MotCua.Tests.Infrastructure;

namespace MotCua.Tests.Documents;

public sealed class FileLinksTests(Azurite azurite) : IClassFixture<Azurite>
{
    private const string Hanoi = "evn-hanoi";

    /// <summary>Now, in whole seconds, as a SAS expiry is written.</summary>
    private readonly SetClock _clock = new(DateTimeOffset.FromUnixTimeSeconds(DateTimeOffset.UtcNow.ToUnixTimeSeconds()));

    [Fact]
    public async Task The_agency_gets_portal_links_that_download_the_exact_bytes_and_every_read_is_logged_in_the_dossier()
    {
        await using var agency = await TestAgency.StartAsync(_clock);
        await using var portal = await StartAsync();
        var files = Samples.ElectricityConnectionFiles();
        var submitted = await portal.SubmitForwardedAsync(agency, Hanoi, p => p.SubmitMultipartAsync(Samples.ElectricityConnection(), files));
        var webhook = await agency.WaitForAsync(w => w.Type == "dossier.submitted" && w.Data["dossierId"]!.GetValue<string>() == submitted.Id);
        var attachments = webhook.Data["attachments"]!.AsArray().Select(a => a!).ToList();

        // Each link is the portal's, bound to its file and this agency for seven days; the token is stored only as its hash.
        foreach (var attachment in attachments)
        {
            var url = Url(attachment);
            Assert.StartsWith(new Uri(portal.App.BaseAddress, "/api/files/").AbsoluteUri, url.AbsoluteUri, StringComparison.Ordinal);
            var link = await LinkAsync(portal, url);
            Assert.Equal(submitted.Id, link.GetString("DossierId"));
            Assert.Equal(FileRow.AttachmentPrefix + attachment["id"]!.GetValue<string>(), link.GetString("FileKey"));
            Assert.Equal(Hanoi, link.GetString("AgencyId"));
            Assert.Equal(_clock.GetUtcNow() + TimeSpan.FromDays(7), link.GetDateTimeOffset("ExpiresAt"));
            Assert.Null(link.GetString("AccountId"));
            Assert.DoesNotContain(link, property => property.Value is string text && text.Contains(url.Segments[^1], StringComparison.Ordinal));
        }

        // Not followed: a read-only storage link to that very blob for five minutes, which no cache or referring page should keep.
        var first = attachments[0];
        using var noRedirects = NoRedirects();
        using var redirect = await noRedirects.GetAsync(Url(first));
        Assert.Equal(HttpStatusCode.Found, redirect.StatusCode);
        Assert.True(redirect.Headers.CacheControl?.NoStore);
        var target = redirect.Headers.Location!;
        var file = Assert.Single(await portal.RowsAsync(submitted.Id, FileRow.AttachmentPrefix + first["id"]!.GetValue<string>()));
        Assert.Equal(portal.Blobs.Uri.Authority, target.Authority);
        Assert.EndsWith($"/{file.GetString("Container")}/{file.GetString("BlobName")}", target.AbsolutePath, StringComparison.Ordinal);
        var sas = HttpUtility.ParseQueryString(target.Query);
        Assert.Equal("r", sas["sp"]);
        Assert.Equal(_clock.GetUtcNow() + TimeSpan.FromMinutes(5), DateTimeOffset.Parse(sas["se"]!, System.Globalization.CultureInfo.InvariantCulture));

        // Followed, as any HTTP client does: the exact bytes the citizen sent.
        using var anonymous = new HttpClient();
        foreach (var attachment in attachments)
        {
            var downloaded = await anonymous.GetByteArrayAsync(Url(attachment));
            Assert.Equal(files.Single(f => f.Item2 == attachment["fileName"]!.GetValue<string>()).Item3, downloaded);
            Assert.Equal(attachment["sha256"]!.GetValue<string>(), Convert.ToHexStringLower(SHA256.HashData(downloaded)));
        }

        // Three reads (the first file twice), each a row in the dossier's partition, written before the agency was let through.
        var reads = await portal.RowsAsync(submitted.Id, "read|");
        var readsPerFile = reads.CountBy(r => r.GetString("FileKey")).ToDictionary();
        Assert.Equal(2, readsPerFile.Count);
        Assert.Equal(2, readsPerFile[FileRow.AttachmentPrefix + first["id"]!.GetValue<string>()]);
        Assert.Equal(1, readsPerFile[FileRow.AttachmentPrefix + attachments[1]["id"]!.GetValue<string>()]);
        Assert.All(reads, read =>
        {
            Assert.Equal(Hanoi, read.GetString("AgencyId"));
            Assert.Equal($"Giải quyết hồ sơ {webhook.Data["procedureName"]!.GetValue<string>()}", read.GetString("Purpose"));
            Assert.Equal(_clock.GetUtcNow(), read.GetDateTimeOffset("At"));
        });
    }

    [Fact]
    public async Task A_link_to_an_accounts_document_logs_each_read_in_the_accounts_access_log_and_is_gone_once_consent_is_withdrawn()
    {
        await using var agency = await TestAgency.StartAsync(_clock);
        await using var portal = await StartAsync();
        await portal.RegisterAsync(agency, Hanoi);
        agency.FailNext(-1);
        var submitted = await portal.SubmitMultipartAsync(Samples.ElectricityConnection(), Samples.ElectricityConnectionFiles());
        var id = submitted.Id;
        await WaitForFailedAsync(portal, agency, id);

        // What a submission signed in leaves (written by the accounts feature): the dossier's account, its files that account's
        // documents. The replay's webhook links them as such.
        var account = $"test-account-{Guid.NewGuid():N}";
        await portal.Dossiers.UpdateEntityAsync(new TableEntity(id, DossierRow.Key) { ["AccountId"] = account }, ETag.All, TableUpdateMode.Merge);
        foreach (var row in await portal.RowsAsync(id, FileRow.AttachmentPrefix))
        {
            await portal.Dossiers.UpdateEntityAsync(new TableEntity(id, row.RowKey) { ["DocumentId"] = DocumentRow.IdOf(id, row.GetString("FileId")) },
                ETag.All, TableUpdateMode.Merge);
        }

        agency.FailNext(0);
        using (var replay = await portal.Client.SendAsync(HttpMethod.Post, $"/api/ops/deliveries/{id}-01/replay", functionKey: FunctionApp.FunctionKey))
        {
            Assert.Equal(HttpStatusCode.Accepted, replay.StatusCode);
        }

        await portal.WaitForDossierAsync(id, submitted.AccessKey, d => d["status"]!.GetValue<string>() == "forwarded");
        var webhooks = agency.Received.Where(w => w.Data["dossierId"]!.GetValue<string>() == id).ToList();
        var attachment = webhooks[^1].Data["attachments"]![0]!;
        var documentId = DocumentRow.IdOf(id, attachment["id"]!.GetValue<string>());
        var link = await LinkAsync(portal, Url(attachment));
        Assert.Equal((account, documentId), (link.GetString("AccountId"), link.GetString("DocumentId")));

        using var anonymous = new HttpClient();
        var content = await anonymous.GetByteArrayAsync(Url(attachment));
        var access = Assert.Single(await AccessLogAsync(portal, account));
        Assert.StartsWith($"access|{documentId}|", access.RowKey, StringComparison.Ordinal);
        Assert.Equal(documentId, access.GetString("DocumentId"));
        Assert.Equal(Hanoi, access.GetString("AgencyId"));
        Assert.Equal($"Cơ quan {Hanoi}", access.GetString("AgencyName"));
        Assert.Equal(id, access.GetString("DossierId"));
        Assert.StartsWith("Giải quyết hồ sơ ", access.GetString("Purpose"), StringComparison.Ordinal);
        Assert.Equal(_clock.GetUtcNow(), access.GetDateTimeOffset("At"));
        Assert.Single(await portal.RowsAsync(id, "read|"));

        // Each attempt minted its own links; those of the failed attempts still open the same file until they expire.
        var earlier = Url(webhooks[0].Data["attachments"]![0]!);
        Assert.Equal(5, webhooks.Select(w => Url(w.Data["attachments"]![0]!)).Distinct().Count());
        Assert.Equal(content, await anonymous.GetByteArrayAsync(earlier));

        // Consent given: no change. Consent withdrawn: 410, and the refused read leaves no row anywhere.
        var consent = new ConsentRow
        {
            PartitionKey = id, RowKey = ConsentRow.KeyFor(documentId), AccountId = account, DocumentId = documentId, AgencyIds = Hanoi, GivenAt = _clock.GetUtcNow(),
        };
        await portal.Dossiers.AddEntityAsync(consent);
        Assert.Equal(content, await anonymous.GetByteArrayAsync(Url(attachment)));
        Assert.Equal(2, (await AccessLogAsync(portal, account)).Count);
        consent.WithdrawnAt = _clock.GetUtcNow();
        await portal.Dossiers.UpdateEntityAsync(consent, ETag.All);
        var (dossier, log) = (await portal.PartitionAsync(id), (await AccessLogAsync(portal, account)).Count);

        using var gone = await anonymous.GetAsync(Url(attachment));

        await AssertProblemAsync(gone, HttpStatusCode.Gone);
        Assert.Equal(dossier, await portal.PartitionAsync(id));
        Assert.Equal(log, (await AccessLogAsync(portal, account)).Count);
    }

    [Fact]
    public async Task A_link_opens_for_seven_days_and_is_gone_after_without_logging_anything()
    {
        await using var agency = await TestAgency.StartAsync(_clock);
        await using var portal = await StartAsync();
        var submitted = await portal.SubmitForwardedAsync(agency, Hanoi,
            p => p.SubmitMultipartAsync(Samples.ElectricityConnection(), Samples.ElectricityConnectionFiles()));
        var webhook = await agency.WaitForAsync(w => w.Data["dossierId"]!.GetValue<string>() == submitted.Id);
        var url = Url(webhook.Data["attachments"]![0]!);
        var sent = _clock.GetUtcNow();
        using var noRedirects = NoRedirects();

        _clock.SetUtcNow(sent + TimeSpan.FromDays(7) - TimeSpan.FromSeconds(1));
        using (var lastSecond = await noRedirects.GetAsync(url))
        {
            Assert.Equal(HttpStatusCode.Found, lastSecond.StatusCode);
        }

        _clock.SetUtcNow(sent + TimeSpan.FromDays(7));
        var partition = await portal.PartitionAsync(submitted.Id);
        using var expired = await noRedirects.GetAsync(url);

        await AssertProblemAsync(expired, HttpStatusCode.Gone);
        Assert.Equal(partition, await portal.PartitionAsync(submitted.Id));
        Assert.Single(await portal.RowsAsync(submitted.Id, "read|"));
    }

    private Task<Portal> StartAsync() => Portal.StartAsync(azurite, configure: builder => builder.Services.AddSingleton<TimeProvider>(_clock));

    private static Uri Url(JsonNode attachment) => new(attachment["url"]!.GetValue<string>());

    /// <summary>The FileLinks row of a link: under the SHA-256 of its token, never the token.</summary>
    private static async Task<TableEntity> LinkAsync(Portal portal, Uri url) =>
        (await portal.Tables.GetTableClient(StorageNames.FileLinksTable).GetEntityAsync<TableEntity>(AttachmentLinks.HashOf(url.Segments[^1]), FileLinkRow.Key)).Value;

    /// <summary>The account's access log rows (its partition also lists its dossiers, refreshed as they move).</summary>
    private static async Task<List<TableEntity>> AccessLogAsync(Portal portal, string accountId) =>
        await portal.Tables.GetTableClient(StorageNames.AccountsTable).QueryAsync<TableEntity>(e => e.PartitionKey == accountId)
            .Where(e => e.RowKey.StartsWith(DocumentAccessRow.Prefix, StringComparison.Ordinal)).ToListAsync();

    private static HttpClient NoRedirects() => new(new SocketsHttpHandler { AllowAutoRedirect = false });

    /// <summary>Until the agency's last attempt is recorded as failed and indexed for ops, so that a replay finds it.</summary>
    private static async Task WaitForFailedAsync(Portal portal, TestAgency agency, string id)
    {
        var webhookId = (await agency.WaitForAsync(w => w.Data["dossierId"]!.GetValue<string>() == id)).Id;
        await Poll.UntilAsync(async () => (await portal.Tables.GetTableClient("Indexes").GetEntityIfExistsAsync<TableEntity>("failed", $"{id}|{webhookId}")).HasValue,
            TimeSpan.FromSeconds(30), () => $"{id} never failed.", TimeSpan.FromMilliseconds(50));
    }

    private static async Task AssertProblemAsync(HttpResponseMessage response, HttpStatusCode status)
    {
        Assert.Equal(status, response.StatusCode);
        Assert.Equal("application/problem+json", response.Content.Headers.ContentType?.MediaType);
        var problem = JsonNode.Parse(await response.Content.ReadAsStringAsync())!;
        Assert.Equal((int)status, problem["status"]!.GetValue<int>());
        Assert.False(string.IsNullOrEmpty(problem["detail"]?.GetValue<string>()));
    }
}
