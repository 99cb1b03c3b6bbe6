// GET /api/dossiers/{id}/results/{fileId}: a result document an agency issued, with the dossier's access key.
using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.Azure.Functions.Worker;
using MotCua.Storage;

namespace MotCua.Status;

internal sealed class GetResult(DossierFiles files)
{
    [Function(nameof(GetResult))]
    public Task<Results<FileStreamHttpResult, ProblemHttpResult>> Run(
        [HttpTrigger(AuthorizationLevel.Anonymous, "get", Route = "dossiers/{id}/results/{fileId}")] HttpRequest request, string id,
        string fileId, CancellationToken cancellationToken) =>
        files.DownloadAsync(id, FileRow.ResultPrefix + fileId, request, cancellationToken);
}
