using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.Azure.Functions.Worker;
using MotCua.Hosting;
using MotCua.Status;

namespace MotCua.Accounts;

/// <summary><c>GET /api/me/documents/{id}/content</c>: the document itself, for its owner (an owner's read, not an agency's: not in the access log).</summary>
internal sealed class GetMyDocument(AccountDocuments documents, DossierFiles files)
{
    [Function(nameof(GetMyDocument))]
    public async Task<Results<FileStreamHttpResult, ProblemHttpResult>> Run(
        [HttpTrigger(AuthorizationLevel.Anonymous, "get", Route = "me/documents/{documentId}/content")] HttpRequest request, string documentId,
        CancellationToken cancellationToken)
    {
        if (SignedIn.Of(request) is not { } who)
        {
            return SignedInOnly.Problem();
        }

        return await documents.FindAsync(who, documentId, cancellationToken) is { } document
            ? await files.StreamAsync(document.Container, document.BlobName, document.ContentType, document.FileName, AccountDocuments.NotFound(),
                cancellationToken)
            : AccountDocuments.NotFound();
    }
}
