// GET /api/me/dossiers?page=: the account's dossiers newest first, 20 a page, from its own partition (one query a page). The page
// token is the table's continuation; the query names the account's partition, so no token reaches another's.
using Azure.Data.Tables;
using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.Azure.Functions.Worker;
using MotCua.Hosting;
using MotCua.Status;
using MotCua.Storage;
using MotCua.Vietnam;

namespace MotCua.Accounts;

internal sealed record MyDossier(string Id, string ProcedureCode, string ProcedureName, string Status, string StatusLabel, DateTimeOffset SubmittedAt,
    DateTimeOffset DueAt, long Payable);

internal sealed record MyDossiersPage(IReadOnlyList<MyDossier> Items, string? Next);

internal sealed class ListMyDossiers(TableServiceClient tables)
{
    public const int PageSize = 20;

    private const int MaxPageToken = 1024;

    private readonly TableClient _accounts = tables.GetTableClient(StorageNames.AccountsTable);

    [Function(nameof(ListMyDossiers))]
    public async Task<Results<Ok<MyDossiersPage>, ValidationProblem, ProblemHttpResult>> Run(
        [HttpTrigger(AuthorizationLevel.Anonymous, "get", Route = "me/dossiers")] HttpRequest request, CancellationToken cancellationToken)
    {
        if (SignedIn.Of(request) is not { } who)
        {
            return SignedInOnly.Problem();
        }

        var token = request.Query["page"].ToString();
        if (token.Length > MaxPageToken)
        {
            return Problems.Invalid("page", "Mã trang không hợp lệ.");
        }

        var (from, to) = (AccountDossierRow.Prefix, AccountDossierRow.Prefix[..^1] + (char)(AccountDossierRow.Prefix[^1] + 1));
        var pages = _accounts.QueryAsync<AccountDossierRow>(
            row => row.PartitionKey == who.AccountId && row.RowKey.CompareTo(from) >= 0 && row.RowKey.CompareTo(to) < 0,
            PageSize, cancellationToken: cancellationToken).AsPages(token.Length == 0 ? null : token, PageSize);
        request.HttpContext.Response.Headers.CacheControl = "no-store";
        await foreach (var page in pages)
        {
            return TypedResults.Ok(new MyDossiersPage([.. page.Values.Select(View)], page.ContinuationToken));
        }

        return TypedResults.Ok(new MyDossiersPage([], null));
    }

    private static MyDossier View(AccountDossierRow row) => new(row.DossierId, row.ProcedureCode, row.ProcedureName, row.Status,
        DossierStatus.Label(row.Status), VietnamTime.Of(row.SubmittedAt), VietnamTime.Of(row.DueAt), row.PayableVnd);
}
