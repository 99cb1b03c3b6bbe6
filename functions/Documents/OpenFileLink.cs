// GET /api/files/{token}: an agency follows a file link of a webhook. Anonymous: the token is the credential.
using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.Azure.Functions.Worker;

namespace MotCua.Documents;

internal sealed class OpenFileLink(FileLinks links)
{
    [Function(nameof(OpenFileLink))]
    public Task<Results<RedirectHttpResult, ProblemHttpResult>> Run(
        [HttpTrigger(AuthorizationLevel.Anonymous, "get", Route = "files/{token}")] HttpRequest request, string token,
        CancellationToken cancellationToken) =>
        links.OpenAsync(token, cancellationToken);
}
