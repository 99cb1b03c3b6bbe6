using System.Buffers;
using System.Buffers.Text;
using System.Security.Cryptography;
using System.Text;
using Azure.Data.Tables;
using Azure.Storage.Blobs;
using Azure.Storage.Sas;
using Microsoft.Extensions.Options;
using MotCua.Hosting;

namespace MotCua.Storage;

/// <summary>Who a file link is for and why, as each of its reads is logged.</summary>
/// <param name="AccountId">The account whose dossier it is, or null: its documents' reads are then logged in the dossier only.</param>
internal sealed record FileLinkGrant(string AgencyId, string AgencyName, string Purpose, string? AccountId);

/// <summary>
/// The links an agency gets to a dossier's files. A webhook carries portal links, <c>{Portal:BaseUrl}/api/files/{token}</c>: the
/// token is 32 random bytes, stored only as its SHA-256 (table FileLinks), bound to one file and one agency for seven days, so
/// that every read passes through the portal, which logs it. Each read is then sent on to a read-only storage link of a few
/// minutes: a service SAS where the app holds the account key (Azurite, a connection string); on a managed identity (Azure)
/// there is no key, so a user-delegation SAS.
/// </summary>
internal sealed class AttachmentLinks(BlobServiceClient blobs, TableServiceClient tables, IOptions<PortalOptions> portal)
{
    /// <summary>How long an agency may follow a link it was sent (API.md).</summary>
    public static readonly TimeSpan Lifetime = TimeSpan.FromDays(7);

    /// <summary>How long the storage link a read is redirected to stays valid: long enough to start the download, no longer.</summary>
    public static readonly TimeSpan ReadLifetime = TimeSpan.FromMinutes(5);

    /// <summary>Where the portal serves a link (the function OpenFileLink's route under <c>/api</c>).</summary>
    public const string LinkPath = "api/files/";

    private const int TokenBytes = 32;

    /// <summary>32 bytes in unpadded base64url.</summary>
    private const int TokenLength = 43;

    private static readonly SearchValues<char> TokenCharacters =
        SearchValues.Create("ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789-_");

    private readonly TableClient _links = tables.GetTableClient(StorageNames.FileLinksTable);

    /// <summary>
    /// A new link to each of <paramref name="files"/> of <paramref name="subjectId"/> for the agency of <paramref name="grant"/>,
    /// stored before it is handed out. One write per file, each in a partition of its own (so no batch), at each attempt of a
    /// webhook: a retry mints new tokens, and the earlier ones stay valid until they expire.
    /// </summary>
    public async Task<Func<FileRow, Uri>> MintAsync(string subjectId, IReadOnlyCollection<FileRow> files, FileLinkGrant grant, DateTimeOffset now,
        CancellationToken cancellationToken)
    {
        var tokens = files.ToDictionary(file => file.RowKey, _ => Base64Url.EncodeToString(RandomNumberGenerator.GetBytes(TokenBytes)), StringComparer.Ordinal);
        await Task.WhenAll(files.Select(file => _links.AddEntityAsync(new FileLinkRow
        {
            PartitionKey = HashOf(tokens[file.RowKey]),
            RowKey = FileLinkRow.Key,
            DossierId = subjectId,
            FileKey = file.RowKey,
            AgencyId = grant.AgencyId,
            AgencyName = grant.AgencyName,
            Purpose = grant.Purpose,
            Container = file.Container,
            BlobName = file.BlobName,
            ExpiresAt = now + Lifetime,
            AccountId = grant.AccountId,
            DocumentId = file.DocumentId,
        }, cancellationToken)));
        return file => portal.Value.Resolve(LinkPath + tokens[file.RowKey]);
    }

    /// <summary>
    /// The link a token opens, expired or not; null for a token that is not one (without asking storage) or that was never
    /// handed out. Reads nothing but the link's own row, and writes nothing.
    /// </summary>
    public async Task<FileLinkRow?> FindAsync(string token, CancellationToken cancellationToken)
    {
        if (!IsWellFormed(token))
        {
            return null;
        }

        var found = await _links.GetEntityIfExistsAsync<FileLinkRow>(HashOf(token), FileLinkRow.Key, cancellationToken: cancellationToken);
        return found.HasValue ? found.Value : null;
    }

    /// <summary>A read-only link to the blob <paramref name="link"/> is bound to, valid for <see cref="ReadLifetime"/>.</summary>
    public async Task<Uri> ReadUriAsync(FileLinkRow link, DateTimeOffset now, CancellationToken cancellationToken)
    {
        var blob = blobs.GetBlobContainerClient(link.Container).GetBlobClient(link.BlobName);
        var expiresOn = now + ReadLifetime;
        if (blobs.CanGenerateAccountSasUri)
        {
            return blob.GenerateSasUri(BlobSasPermissions.Read, expiresOn);
        }

        // One request for the key per read; a user delegation key may be valid up to seven days, so it could be kept if reads grow.
        var key = (await blobs.GetUserDelegationKeyAsync(null, expiresOn, cancellationToken)).Value;
        var sas = new BlobSasBuilder(BlobSasPermissions.Read, expiresOn) { BlobContainerName = link.Container, BlobName = link.BlobName, Resource = "b" };
        return new BlobUriBuilder(blob.Uri) { Sas = sas.ToSasQueryParameters(key, blobs.AccountName) }.ToUri();
    }

    /// <summary>The row key of a token: lower-case hex SHA-256 of its text. The token has full entropy, so a plain hash suffices (see AccessKey).</summary>
    public static string HashOf(string token) => Convert.ToHexStringLower(SHA256.HashData(Encoding.ASCII.GetBytes(token)));

    /// <summary>43 base64url characters: anything else is refused before any storage call.</summary>
    public static bool IsWellFormed(string? token) => token is { Length: TokenLength } && !token.AsSpan().ContainsAnyExcept(TokenCharacters);
}
