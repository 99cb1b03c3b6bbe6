// The files of a dossier as its citizen downloads them (GetAttachment, GetResult): only with the dossier's access key,
// and any refusal is the same 404 as a wrong key.
using Azure;
using Azure.Storage.Blobs;
using Microsoft.AspNetCore.Http.HttpResults;
using MotCua.Storage;

namespace MotCua.Status;

internal sealed class DossierFiles(DossierAccess access, BlobServiceClient blobs)
{
    /// <summary>The file under <paramref name="fileKey"/> (an attachment's or a result's row key), when the key opens the dossier.</summary>
    public async Task<Results<FileStreamHttpResult, ProblemHttpResult>> DownloadAsync(string id, string fileKey, HttpRequest request,
        CancellationToken cancellationToken)
    {
        if (await access.OpenRowAsync(id, request, cancellationToken) is null || fileKey.Length > 80)
        {
            return DossierAccess.NotFound();
        }

        var file = await access.Dossiers.GetEntityIfExistsAsync<FileRow>(id, fileKey, cancellationToken: cancellationToken);
        if (!file.HasValue || file.Value is not { } row)
        {
            return DossierAccess.NotFound();
        }

        return await StreamAsync(row.Container, row.BlobName, row.ContentType, row.FileName, DossierAccess.NotFound(), cancellationToken);
    }

    /// <summary>A stored blob as a download under its own name and type; <paramref name="notFound"/> when it is gone.</summary>
    public async Task<Results<FileStreamHttpResult, ProblemHttpResult>> StreamAsync(string container, string blobName, string contentType, string fileName,
        ProblemHttpResult notFound, CancellationToken cancellationToken)
    {
        try
        {
            var content = await blobs.GetBlobContainerClient(container).GetBlobClient(blobName).OpenReadAsync(cancellationToken: cancellationToken);
            return TypedResults.Stream(content, contentType, fileName);
        }
        catch (RequestFailedException ex) when (ex.Status == 404)
        {
            return notFound;
        }
    }
}
