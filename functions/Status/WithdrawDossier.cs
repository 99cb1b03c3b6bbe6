// POST /api/dossiers/{id}/withdraw: the citizen withdraws while no result exists. Agencies that already
// have the dossier are told with a signed dossier.withdrawn; submissions not yet forwarded are never sent.
using Azure.Data.Tables;
using MotCua.Storage;
using MotCua.Submission;
using MotCua.Webhooks;
using MotCua.Hosting;
using Microsoft.Azure.Functions.Worker;

namespace MotCua.Status;

internal sealed class WithdrawDossier(DossierAccess access, Outbox outbox, Counters counters, TimeProvider clock)
{
    private const string Note = "Công dân rút hồ sơ.";

    [Function(nameof(WithdrawDossier))]
    public Task<IResult> Run(
        [HttpTrigger(AuthorizationLevel.Anonymous, "post", Route = "dossiers/{id}/withdraw")] HttpRequest request, string id,
        CancellationToken cancellationToken) => RunAsync(id, request, cancellationToken);

    private async Task<IResult> RunAsync(string id, HttpRequest request, CancellationToken cancellationToken)
    {
        if (await access.OpenAsync(id, request, cancellationToken) is not { Dossier: not null } partition)
        {
            return DossierAccess.NotFound();
        }

        if (partition.Results.Count > 0 || partition.Deliveries.Any(d => d.Status is DossierStatus.Approved or DossierStatus.Rejected))
        {
            return Problems.Status(StatusCodes.Status409Conflict, "Hồ sơ đã có kết quả xử lý nên không thể rút.");
        }

        var now = clock.GetUtcNow();
        var open = partition.Deliveries.Where(d => d.Status != DossierStatus.Withdrawn).ToList();
        var events = open.Where(d => d.Status is not (DossierStatus.Received or DossierStatus.DeliveryFailed))
            .Select(d => Outbox.NewEvent(partition.DossierId, "dossier.withdrawn", d.AgencyId, now,
                $$"""{"withdrawnAt":"{{VietnamTime.Of(now):O}}"}"""))
            .ToList();
        var actions = new List<TableTransactionAction>();
        var leaving = open.CountBy(d => d.Status).ToList();
        foreach (var delivery in open)
        {
            (delivery.Status, delivery.UpdatedAt, delivery.Note) = (DossierStatus.Withdrawn, now, Note);
            actions.Add(new(TableTransactionActionType.UpdateMerge, delivery, delivery.ETag));
        }

        if (actions.Count > 0)
        {
            // One step for the whole dossier, as its receipt is: a step per agency would take a 34-province fan-out
            // (34 deliveries, 34 events) past the 100 operations of one transaction.
            actions.Add(new(TableTransactionActionType.Add, new HistoryRow
            {
                PartitionKey = partition.DossierId, RowKey = HistoryRow.KeyFor(now), At = now, Status = DossierStatus.Withdrawn, Note = Note,
            }));
            if (events.Count > 0)
            {
                await outbox.AnnounceAsync(partition.DossierId, events, cancellationToken);
            }

            try
            {
                await access.Dossiers.SubmitTransactionAsync(
                    actions.Concat(events.Select(e => new TableTransactionAction(TableTransactionActionType.Add, e))).Append(partition.Touch(now)),
                    cancellationToken);
            }
            catch (TableTransactionFailedException ex) when (ex.Status == 412)
            {
                return Problems.Status(StatusCodes.Status409Conflict, "Hồ sơ vừa được cơ quan cập nhật; vui lòng tải lại rồi thử rút lần nữa.");
            }

            await outbox.EnqueueAsync(partition.DossierId, events, cancellationToken);
            await Task.WhenAll(leaving.Select(group => counters.MoveAsync(group.Key, DossierStatus.Withdrawn, group.Value, cancellationToken)));
        }

        return TypedResults.Ok(new { id = partition.DossierId, status = DossierStatus.Withdrawn, statusLabel = DossierStatus.Label(DossierStatus.Withdrawn) });
    }
}
