// GET /api/dossiers/{id}/attachments/{fileId}: a file the citizen submitted, with the dossier's access key.
using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.Azure.Functions.Worker;
using MotCua.Storage;

namespace MotCua.Status;

internal sealed class GetAttachment(DossierFiles files)
{
    [Function(nameof(GetAttachment))]
    public Task<Results<FileStreamHttpResult, ProblemHttpResult>> Run(
        [HttpTrigger(AuthorizationLevel.Anonymous, "get", Route = "dossiers/{id}/attachments/{fileId}")] HttpRequest request, string id,
        string fileId, CancellationToken cancellationToken) =>
        files.DownloadAsync(id, FileRow.AttachmentPrefix + fileId, request, cancellationToken);
}
