// POST /api/dossiers/{id}/withdraw: the citizen withdraws while no result exists. Agencies that already
// have the dossier are told with a signed dossier.withdrawn; submissions not yet forwarded are never sent.
using Azure.Data.Tables;
using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.Azure.Functions.Worker;
using MotCua.Hosting;
using MotCua.Storage;
using MotCua.Vietnam;
using MotCua.Webhooks;

namespace MotCua.Status;

internal sealed record WithdrawalReceipt(string Id, string Status, string StatusLabel);

internal sealed class WithdrawDossier(DossierAccess access, Outbox outbox, Counters counters, AccountDossiers accountDossiers, TimeProvider clock)
{
    private const string Note = "Công dân rút hồ sơ.";

    [Function(nameof(WithdrawDossier))]
    public async Task<Results<Ok<WithdrawalReceipt>, ProblemHttpResult>> Run(
        [HttpTrigger(AuthorizationLevel.Anonymous, "post", Route = "dossiers/{id}/withdraw")] HttpRequest request, string id,
        CancellationToken cancellationToken)
    {
        if (await access.OpenAsync(id, request, cancellationToken) is not { Dossier: not null } partition)
        {
            return DossierAccess.NotFound();
        }

        if (!DossierStatus.MayWithdraw(partition.Deliveries.Select(d => d.Status), hasResults: partition.Results.Count > 0))
        {
            return Problems.Status(StatusCodes.Status409Conflict, "Hồ sơ đã có kết quả xử lý nên không thể rút.");
        }

        var open = partition.Deliveries.Where(d => d.Status != DossierStatus.Withdrawn).ToList();
        if (open.Count == 0)
        {
            return Withdrawn(partition.DossierId);
        }

        var leaving = open.CountBy(d => d.Status).ToList();
        var (changes, events) = Withdraw(partition, open, clock.GetUtcNow());
        try
        {
            await outbox.CommitAsync(partition.DossierId, changes, events, cancellationToken);
        }
        catch (TableTransactionFailedException ex) when (ex.Status == 412)
        {
            return Problems.Status(StatusCodes.Status409Conflict, "Hồ sơ vừa được cơ quan cập nhật; vui lòng tải lại rồi thử rút lần nữa.");
        }

        await Task.WhenAll(leaving.Select(group => counters.MoveAsync(group.Key, DossierStatus.Withdrawn, group.Value, cancellationToken)));
        await accountDossiers.RefreshAsync(partition.Dossier, cancellationToken);
        return Withdrawn(partition.DossierId);
    }

    /// <summary>
    /// The open deliveries withdrawn, one history step and the dossier's stamp; and a dossier.withdrawn event to each agency
    /// that already holds the dossier. One step for the whole dossier, as its receipt is: a step per agency would take a
    /// 34-province fan-out (34 deliveries, 34 events) past the 100 operations of one transaction.
    /// </summary>
    internal static (List<TableTransactionAction> Changes, List<OutboundEventRow> Events) Withdraw(DossierPartition partition,
        List<DeliveryRow> open, DateTimeOffset now)
    {
        var events = open.Where(d => DossierStatus.AgencyHoldsDossier(d.Status))
            .Select(d => Outbox.NewEvent(partition.DossierId, WebhookEvents.DossierWithdrawn, d.AgencyId, now,
                $$"""{"withdrawnAt":"{{VietnamTime.Of(now):O}}"}"""))
            .ToList();
        var changes = new List<TableTransactionAction>();
        foreach (var delivery in open)
        {
            (delivery.Status, delivery.UpdatedAt, delivery.Note) = (DossierStatus.Withdrawn, now, Note);
            changes.Add(new(TableTransactionActionType.UpdateMerge, delivery, delivery.ETag));
        }

        changes.Add(new(TableTransactionActionType.Add, HistoryRow.Of(partition.DossierId, now, DossierStatus.Withdrawn, agencyId: null, Note)));
        changes.Add(partition.Touch(now));
        return (changes, events);
    }

    private static Ok<WithdrawalReceipt> Withdrawn(string dossierId) =>
        TypedResults.Ok(new WithdrawalReceipt(dossierId, DossierStatus.Withdrawn, DossierStatus.Label(DossierStatus.Withdrawn)));
}
