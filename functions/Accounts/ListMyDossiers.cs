// GET /api/me/dossiers?page=: the account's dossiers newest first, 20 a page, from its own partition: one query a page, which asks
// for one row more than a page to know whether another follows. The page token is the last row key shown (base64url), and the
// query names the account's partition, so no token reaches another's.
using System.Buffers.Text;
using System.Text;
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

    private static readonly string End = TableRow.KeysAfter(AccountDossierRow.Prefix);

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
        string? after = null;
        if (token.Length > 0 && (after = RowKeyOf(token)) is null)
        {
            return Problems.Invalid("page", "Mã trang không hợp lệ; dùng đúng giá trị next của trang trước.");
        }

        var filter = after is null
            ? TableClient.CreateQueryFilter($"PartitionKey eq {who.AccountId} and RowKey ge {AccountDossierRow.Prefix} and RowKey lt {End}")
            : TableClient.CreateQueryFilter($"PartitionKey eq {who.AccountId} and RowKey gt {after} and RowKey lt {End}");
        var rows = new List<AccountDossierRow>(PageSize + 1);
        await foreach (var row in _accounts.QueryAsync<AccountDossierRow>(filter, PageSize + 1, cancellationToken: cancellationToken))
        {
            rows.Add(row);
            if (rows.Count > PageSize)
            {
                break;
            }
        }

        var shown = rows.Take(PageSize).ToList();
        return TypedResults.Ok(new MyDossiersPage([.. shown.Select(View)], rows.Count > PageSize ? TokenOf(shown[^1].RowKey) : null));
    }

    private static string TokenOf(string rowKey) => Base64Url.EncodeToString(Encoding.UTF8.GetBytes(rowKey));

    /// <summary>The row key a page token names, when it is one of this list's keys.</summary>
    private static string? RowKeyOf(string token)
    {
        if (token.Length > 200 || !Base64Url.IsValid(token))
        {
            return null;
        }

        var key = Encoding.UTF8.GetString(Base64Url.DecodeFromChars(token));
        return key.StartsWith(AccountDossierRow.Prefix, StringComparison.Ordinal) && key.All(c => c is > ' ' and < '\x7f') ? key : null;
    }

    private static MyDossier View(AccountDossierRow row) => new(row.DossierId, row.ProcedureCode, row.ProcedureName, row.Status,
        DossierStatus.Label(row.Status), VietnamTime.Of(row.SubmittedAt), VietnamTime.Of(row.DueAt), row.PayableVnd);
}
