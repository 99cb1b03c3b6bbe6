// GET /api/dossiers/{id}/results/{fileId}: a result document an agency issued, with the dossier's access key.
using Azure.Storage.Blobs;
using Microsoft.Azure.Functions.Worker;
using MotCua.Storage;

namespace MotCua.Status;

internal sealed class GetResult(DossierAccess access, BlobServiceClient blobs)
{
    [Function(nameof(GetResult))]
    public Task<IResult> Run(
        [HttpTrigger(AuthorizationLevel.Anonymous, "get", Route = "dossiers/{id}/results/{fileId}")] HttpRequest request, string id,
        string fileId, CancellationToken cancellationToken) =>
        GetDossier.DownloadAsync(id, FileRow.ResultPrefix + fileId, request, access, blobs, cancellationToken);
}
