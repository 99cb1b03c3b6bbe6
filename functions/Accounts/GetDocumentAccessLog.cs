using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.Azure.Functions.Worker;
using MotCua.Hosting;
using MotCua.Storage;
using MotCua.Vietnam;

namespace MotCua.Accounts;

internal sealed record DocumentRead(DateTimeOffset At, string AgencyId, string AgencyName, string DossierId, string Purpose);

/// <summary><c>GET /api/me/documents/{id}/access-log</c>: every read of the document by an agency, newest first: when, who, for which dossier and why.</summary>
internal sealed class GetDocumentAccessLog(AccountDocuments documents)
{
    [Function(nameof(GetDocumentAccessLog))]
    public async Task<Results<Ok<DocumentRead[]>, ProblemHttpResult>> Run(
        [HttpTrigger(AuthorizationLevel.Anonymous, "get", Route = "me/documents/{documentId}/access-log")] HttpRequest request, string documentId,
        CancellationToken cancellationToken)
    {
        if (SignedIn.Of(request) is not { } who)
        {
            return SignedInOnly.Problem();
        }

        if (await documents.FindAsync(who, documentId, cancellationToken) is null)
        {
            return AccountDocuments.NotFound();
        }

        var reads = await documents.RangeAsync<DocumentAccessRow>(who.AccountId, DocumentAccessRow.PrefixFor(documentId), cancellationToken);
        return TypedResults.Ok(reads.Select(r => new DocumentRead(VietnamTime.Of(r.At), r.AgencyId, r.AgencyName, r.DossierId, r.Purpose)).ToArray());
    }
}
