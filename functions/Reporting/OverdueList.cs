// GET /api/ops/overdue: the overdue list as the last sweep left it, with days late as of now and the catalog's names.
using Azure.Data.Tables;
using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.Azure.Functions.Worker;
using MotCua.Catalog;
using MotCua.Status;
using MotCua.Storage;
using MotCua.Vietnam;

namespace MotCua.Reporting;

internal sealed record OverdueItem(string DossierId, string DeliveryId, string AgencyId, string AgencyName, string ProcedureCode,
    string ProcedureName, string Status, string StatusLabel, DateTimeOffset DueAt, int DaysLate);

internal sealed record OverdueListView(DateTimeOffset GeneratedAt, IReadOnlyList<OverdueItem> Items);

internal sealed class OverdueList(TableServiceClient tables, ProcedureCatalog catalog, TimeProvider clock)
{
    /// <summary>The longest overdue first: they are the ones to chase.</summary>
    [Function(nameof(OverdueList))]
    public async Task<Ok<OverdueListView>> Run(
        [HttpTrigger(AuthorizationLevel.Function, "get", Route = "ops/overdue")] HttpRequest request, CancellationToken cancellationToken)
    {
        var now = clock.GetUtcNow();
        var rows = new List<OverdueRow>();
        await foreach (var row in tables.GetTableClient(StorageNames.IndexesTable)
            .QueryAsync<OverdueRow>(r => r.PartitionKey == OverdueRow.Partition, cancellationToken: cancellationToken))
        {
            rows.Add(row);
        }

        return TypedResults.Ok(new OverdueListView(VietnamTime.Of(now),
        [
            .. rows.OrderBy(r => r.DueAt).ThenBy(r => r.RowKey, StringComparer.Ordinal).Select(r => new OverdueItem(
                r.DossierId, r.DeliveryId, r.AgencyId, catalog.FindAgency(r.AgencyId)?.Name ?? r.AgencyId, r.ProcedureCode,
                catalog.FindProcedure(r.ProcedureCode)?.Name ?? r.ProcedureCode, r.Status, DossierStatus.Label(r.Status), VietnamTime.Of(r.DueAt),
                r.DaysLate(now))),
        ]));
    }
}
