using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.Azure.Functions.Worker;
using MotCua.Hosting;
using MotCua.Storage;
using MotCua.Vietnam;

namespace MotCua.Accounts;

internal sealed record MyDocument(string Id, string Kind, string FileName, string ContentType, long Size, string Sha256, string FromDossierId,
    string ProcedureName, string? IssuedBy, DateTimeOffset At);

/// <summary><c>GET /api/me/documents</c>: every attachment the account submitted and every result issued to it, newest first.</summary>
internal sealed class ListMyDocuments(AccountDocuments documents)
{
    [Function(nameof(ListMyDocuments))]
    public async Task<Results<Ok<MyDocument[]>, ProblemHttpResult>> Run(
        [HttpTrigger(AuthorizationLevel.Anonymous, "get", Route = "me/documents")] HttpRequest request, CancellationToken cancellationToken)
    {
        if (SignedIn.Of(request) is not { } who)
        {
            return SignedInOnly.Problem();
        }

        var rows = await documents.RangeAsync<DocumentRow>(who.AccountId, DocumentRow.Prefix, cancellationToken);
        return TypedResults.Ok(rows.OrderByDescending(d => d.At).Select(d => new MyDocument(d.DocumentId, d.Kind, d.FileName, d.ContentType, d.Size,
            d.Sha256, d.FromDossierId, d.ProcedureName, d.IssuedBy, VietnamTime.Of(d.At))).ToArray());
    }
}
