// Abuse of the agencies' file links: a guessed token gets the same 404 as any unknown one and leaves nothing behind, a link
// past its seven days is 410, and a link opens its own file for its own agency whatever is added to it. The links are those
// Cục Đường bộ received with the scene's licence dossier; redirects are not followed (the scene's clock stands still, so the
// storage links they name may be past their five minutes by the time a test runs).
using System.Buffers.Text;
using System.Net;
using System.Security.Cryptography;
using Azure.Data.Tables;
using MotCua.Storage;
using MotCua.Tests.Infrastructure;

namespace MotCua.Tests.Reliability;

public sealed partial class WebhookAbuseTests
{
    [Fact]
    public async Task Guessed_file_link_tokens_get_the_same_404_as_an_unknown_one_and_leave_nothing_behind()
    {
        var token = (await RoadsLinksAsync())[0].Url.Segments[^1];
        var before = await LinkTracesAsync();
        using var client = NoRedirects();
        using var reference = await client.GetAsync(new Uri($"/api/files/{NewToken()}", UriKind.Relative));
        var letter = token.First(char.IsAsciiLetter);
        string[] guesses =
        [
            token[..^1] + (token[^1] == 'A' ? 'B' : 'A'), token.Replace(letter, char.IsUpper(letter) ? char.ToLowerInvariant(letter) : char.ToUpperInvariant(letter)),
            token[..^1], token + "A", token + "=", "+" + token[1..], AttachmentLinks.HashOf(token), AttachmentLinks.HashOf(token)[..43],
            .. Enumerable.Range(0, 5).Select(_ => NewToken()),
        ];

        var answers = await Task.WhenAll(guesses.Select(async guess =>
        {
            using var response = await client.GetAsync(new Uri($"/api/files/{Uri.EscapeDataString(guess)}", UriKind.Relative));
            return await AnswerAsync(response);
        }));

        Assert.Equal(HttpStatusCode.NotFound, reference.StatusCode);
        var notFound = await AnswerAsync(reference);
        Assert.All(answers, answer => Assert.Equal(notFound, answer));
        Assert.Equal(before, await LinkTracesAsync());
    }

    [Fact]
    public async Task A_file_link_past_its_seven_days_is_gone_and_following_it_writes_nothing()
    {
        // Cục Đường bộ's first link as it will be a minute after it expires, under a token of its own: the scene's clock only moves
        // forward, and the other tests need it where it is.
        var links = Portal.Tables.GetTableClient(StorageNames.FileLinksTable);
        var link = (await links.GetEntityAsync<FileLinkRow>(AttachmentLinks.HashOf((await RoadsLinksAsync())[0].Url.Segments[^1]), FileLinkRow.Key)).Value;
        var token = NewToken();
        (link.PartitionKey, link.ExpiresAt) = (AttachmentLinks.HashOf(token), scene.Clock.GetUtcNow() - TimeSpan.FromMinutes(1));
        await links.AddEntityAsync(link);
        var before = await LinkTracesAsync();
        using var client = NoRedirects();

        using var expired = await client.GetAsync(new Uri($"/api/files/{token}", UriKind.Relative));

        Assert.Equal(HttpStatusCode.Gone, expired.StatusCode);
        Assert.Equal("application/problem+json", expired.Content.Headers.ContentType?.MediaType);
        Assert.Equal(before, await LinkTracesAsync());
    }

    [Fact]
    public async Task A_file_link_opens_only_its_own_file_for_its_own_agency_whatever_is_added_to_it()
    {
        var links = await RoadsLinksAsync();
        var files = (await Portal.RowsAsync(scene.Licence.Id, FileRow.AttachmentPrefix)).ToDictionary(f => f.RowKey);
        var reads = (await Portal.RowsAsync(scene.Licence.Id, "read|")).Count;
        var target = await Portal.PartitionAsync(scene.Target.Id);
        using var client = NoRedirects();
        using var unknown = await client.GetAsync(new Uri($"/api/files/{NewToken()}", UriKind.Relative));

        foreach (var (url, fileKey) in links)
        {
            var other = files.Values.First(f => f.RowKey != fileKey);
            string[] variants =
            [
                url.AbsoluteUri, $"{url.AbsoluteUri}?agencyId={AbuseScene.Hanoi}",
                $"{url.AbsoluteUri}?container={other.GetString("Container")}&blob={Uri.EscapeDataString(other.GetString("BlobName"))}&fileKey={Uri.EscapeDataString(other.RowKey)}",
            ];
            foreach (var variant in variants)
            {
                using var response = await client.GetAsync(new Uri(variant));
                Assert.Equal(HttpStatusCode.Found, response.StatusCode);
                Assert.EndsWith($"/{files[fileKey].GetString("Container")}/{files[fileKey].GetString("BlobName")}", response.Headers.Location!.AbsolutePath,
                    StringComparison.Ordinal);
            }

            // A path after the token is no token: the same 404 as an unknown one.
            using var appended = await client.GetAsync(new Uri($"{url.AbsoluteUri}/{Uri.EscapeDataString(other.RowKey)}"));
            Assert.Equal(HttpStatusCode.NotFound, appended.StatusCode);
            Assert.Equal("application/problem+json", appended.Content.Headers.ContentType?.MediaType);
        }

        // Every read is logged for the agency the link was sent to, against the file it names; Hà Nội's dossier saw nothing.
        var logged = (await Portal.RowsAsync(scene.Licence.Id, "read|")).ToList();
        Assert.Equal(reads + (links.Count * 3), logged.Count);
        Assert.All(logged, read => Assert.Equal(AbuseScene.Roads, read.GetString("AgencyId")));
        Assert.All(links, link => Assert.True(logged.Count(read => read.GetString("FileKey") == link.FileKey) >= 3));
        Assert.Equal(target, await Portal.PartitionAsync(scene.Target.Id));
        Assert.Equal(HttpStatusCode.NotFound, unknown.StatusCode);
    }

    /// <summary>The links of the licence's dossier.submitted to Cục Đường bộ, with the row key of the file each names.</summary>
    private async Task<List<(Uri Url, string FileKey)>> RoadsLinksAsync()
    {
        var webhook = await scene.RoadsAgency.WaitForAsync(w => w.Type == "dossier.submitted" && w.Data["dossierId"]!.GetValue<string>() == scene.Licence.Id);
        return [.. webhook.Data["attachments"]!.AsArray().Select(a => (new Uri(a!["url"]!.GetValue<string>()), FileRow.AttachmentPrefix + a["id"]!.GetValue<string>()))];
    }

    /// <summary>What a read through a link could leave, in one text: the licence's partition, and how many link and account rows there are.</summary>
    private async Task<string> LinkTracesAsync() => string.Join('\n',
    [
        .. (await Portal.PartitionAsync(scene.Licence.Id)).Select(row => $"{row.Key}: {row.Value}"),
        $"FileLinks: {await CountAsync(StorageNames.FileLinksTable)} rows", $"Accounts: {await CountAsync(StorageNames.AccountsTable)} rows",
    ]);

    private async Task<int> CountAsync(string table) =>
        await Portal.Tables.GetTableClient(table).QueryAsync<TableEntity>(filter: (string?)null, select: ["RowKey"]).CountAsync();

    private HttpClient NoRedirects() => new(new SocketsHttpHandler { AllowAutoRedirect = false }) { BaseAddress = Portal.App.BaseAddress };

    private static string NewToken() => Base64Url.EncodeToString(RandomNumberGenerator.GetBytes(32));
}
