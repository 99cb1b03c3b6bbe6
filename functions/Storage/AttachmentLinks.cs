using Azure.Storage.Blobs;
using Azure.Storage.Sas;

namespace MotCua.Storage;

/// <summary>
/// Read-only links to a dossier's files for the agency, usable with no other credential. Where the app holds the
/// account key (Azurite, a connection string) they are service SAS; on a managed identity (Azure) there is no key,
/// so they are user-delegation SAS, signed with a key the service hands out for at most seven days.
/// </summary>
internal sealed class AttachmentLinks(BlobServiceClient blobs)
{
    /// <summary>API.md asks for at least 24 h; a user delegation key cannot outlive seven days, so stay inside that.</summary>
    public static readonly TimeSpan Lifetime = TimeSpan.FromDays(6);

    public async Task<Func<FileRow, Uri>> SignerAsync(DateTimeOffset now, CancellationToken cancellationToken)
    {
        var expiresOn = now + Lifetime;
        if (blobs.CanGenerateAccountSasUri)
        {
            return file => blobs.GetBlobContainerClient(file.Container).GetBlobClient(file.BlobName).GenerateSasUri(BlobSasPermissions.Read, expiresOn);
        }

        var key = (await blobs.GetUserDelegationKeyAsync(null, expiresOn, cancellationToken)).Value;
        return file =>
        {
            var sas = new BlobSasBuilder(BlobSasPermissions.Read, expiresOn) { BlobContainerName = file.Container, BlobName = file.BlobName, Resource = "b" };
            return new BlobUriBuilder(blobs.GetBlobContainerClient(file.Container).GetBlobClient(file.BlobName).Uri)
            {
                Sas = sas.ToSasQueryParameters(key, blobs.AccountName),
            }.ToUri();
        };
    }
}
