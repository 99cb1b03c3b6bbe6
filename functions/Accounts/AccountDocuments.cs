// The account's store of documents (API.md, My documents), as its endpoints read it: a document another account holds is the same
// 404 as one that does not exist.
using Microsoft.AspNetCore.Http.HttpResults;
using MotCua.Hosting;
using MotCua.Storage;

namespace MotCua.Accounts;

internal sealed class AccountDocuments(AccountStore accounts)
{
    public static ProblemHttpResult NotFound() => Problems.Status(StatusCodes.Status404NotFound, "Không có giấy tờ này trong kho dữ liệu của bạn.");

    /// <summary>The account's document <paramref name="documentId"/> (a point read), or null.</summary>
    public async Task<DocumentRow?> FindAsync(SignedIn who, string documentId, CancellationToken cancellationToken)
    {
        if (!DocumentRow.IsWellFormedId(documentId))
        {
            return null;
        }

        var found = await accounts.Table.GetEntityIfExistsAsync<DocumentRow>(who.AccountId, DocumentRow.KeyFor(documentId), cancellationToken: cancellationToken);
        return found.HasValue ? found.Value : null;
    }

    /// <summary>The rows of the account's partition whose keys start with <paramref name="prefix"/>, in key order: one query of one partition.</summary>
    public async Task<List<T>> RangeAsync<T>(string accountId, string prefix, CancellationToken cancellationToken) where T : TableRow, new()
    {
        var end = TableRow.KeysAfter(prefix);
        var rows = new List<T>();
        await foreach (var row in accounts.Table.QueryAsync<T>(r => r.PartitionKey == accountId && r.RowKey.CompareTo(prefix) >= 0 && r.RowKey.CompareTo(end) < 0,
                           cancellationToken: cancellationToken))
        {
            rows.Add(row);
        }

        return rows;
    }
}
