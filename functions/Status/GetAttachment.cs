// GET /api/dossiers/{id}/attachments/{fileId}: a file the citizen submitted, with the dossier's access key.
using Azure.Storage.Blobs;
using Microsoft.Azure.Functions.Worker;
using MotCua.Storage;

namespace MotCua.Status;

internal sealed class GetAttachment(DossierAccess access, BlobServiceClient blobs)
{
    [Function(nameof(GetAttachment))]
    public Task<IResult> Run(
        [HttpTrigger(AuthorizationLevel.Anonymous, "get", Route = "dossiers/{id}/attachments/{fileId}")] HttpRequest request, string id,
        string fileId, CancellationToken cancellationToken) =>
        GetDossier.DownloadAsync(id, FileRow.AttachmentPrefix + fileId, request, access, blobs, cancellationToken);
}
