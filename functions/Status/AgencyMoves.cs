// An agency's move of its delivery of a dossier (a status change, or approval with result documents), applied once per
// webhook id: the move, its history step, the result files, the e-mail owed to the applicant and the webhook-id marker are one
// transaction guarded by the delivery's ETag, so duplicates and concurrent callbacks cannot both apply.
using System.Diagnostics;
using Azure.Data.Tables;
using Microsoft.AspNetCore.Http.HttpResults;
using MotCua.Documents;
using MotCua.Hosting;
using MotCua.Storage;
using MotCua.Vietnam;
using MotCua.Webhooks;

namespace MotCua.Status;

/// <summary>A result document as the agency sent it, already checked: a known file type within the size limit.</summary>
internal sealed record ResultFile(string FileName, string ContentType, byte[] Content);

/// <summary>What an agency asks: move its delivery of <paramref name="DossierId"/> to <paramref name="Status"/>.</summary>
internal sealed record AgencyMove(string AgencyId, string WebhookId, string? DossierId, string Status, string? Note, IReadOnlyList<ResultFile> Results);

internal sealed class AgencyMoves(TableServiceClient tables, AttachmentStore attachments, Indexes indexes, Counters counters,
    AccountDossiers accountDossiers, Outbox outbox, TimeProvider clock, ILogger<AgencyMoves> logger)
{
    public const int MaxNote = 2000;

    /// <summary>How often a move is tried again after another callback changed the delivery first.</summary>
    private const int Rounds = 3;

    private readonly TableClient _dossiers = tables.GetTableClient(StorageNames.DossiersTable);

    public async Task<Results<Ok<AppliedEvent>, Ok<DuplicateEvent>, ValidationProblem, ProblemHttpResult>> ApplyAsync(AgencyMove move,
        CancellationToken cancellationToken)
    {
        if (move.Note is { Length: > MaxNote })
        {
            return Problems.Invalid("data.note", $"Ghi chú tối đa {MaxNote} ký tự.");
        }

        if (move.DossierId is not { } dossierId || !DossierId.IsWellFormed(dossierId))
        {
            return NotDelivered();
        }

        Activity.Current?.SetTag(Telemetry.DossierTag, dossierId);
        Activity.Current?.SetTag(Telemetry.AgencyTag, move.AgencyId);
        move = move with { Note = move.Note is null ? null : VietnameseText.Normalize(move.Note) };
        for (var round = 0; round < Rounds; round++)
        {
            try
            {
                return await TryAsync(dossierId, move, cancellationToken);
            }
            catch (TableTransactionFailedException ex) when (ex.Status == 409)
            {
                return AgencyEventAnswers.Duplicate();
            }
            catch (TableTransactionFailedException ex) when (ex.Status == 412)
            {
                // Another callback changed the delivery first: look again, the move may no longer be legal.
            }
        }

        return Problems.Status(StatusCodes.Status409Conflict, "Hồ sơ đang được cập nhật đồng thời; vui lòng gửi lại sự kiện.");
    }

    /// <summary>One round: read the dossier, its delivery and the marker, check the move, write it.</summary>
    /// <exception cref="TableTransactionFailedException">409: the marker exists (a duplicate); 412: the delivery changed meanwhile.</exception>
    private async Task<Results<Ok<AppliedEvent>, Ok<DuplicateEvent>, ValidationProblem, ProblemHttpResult>> TryAsync(string dossierId, AgencyMove move,
        CancellationToken cancellationToken)
    {
        var marker = InboundEventRow.KeyFor(move.AgencyId, move.WebhookId);
        var dossierRead = _dossiers.GetEntityIfExistsAsync<DossierRow>(dossierId, DossierRow.Key, cancellationToken: cancellationToken);
        var deliveryRead = _dossiers.GetEntityIfExistsAsync<DeliveryRow>(dossierId, DeliveryRow.KeyFor(move.AgencyId), cancellationToken: cancellationToken);
        var applied = _dossiers.GetEntityIfExistsAsync<InboundEventRow>(dossierId, marker, cancellationToken: cancellationToken);
        await Task.WhenAll(dossierRead, deliveryRead, applied);
        var (dossierFound, deliveryFound) = (await dossierRead, await deliveryRead);
        if (!dossierFound.HasValue || !deliveryFound.HasValue || dossierFound.Value is not { } dossier || deliveryFound.Value is not { } delivery)
        {
            return NotDelivered();
        }

        var partition = DossierPartition.Of(dossierId, [dossier, delivery]);
        if ((await applied).HasValue)
        {
            return AgencyEventAnswers.Duplicate();
        }

        if (DossierStatus.AgencyMayNotMove(delivery, move.Status) is { } refusal)
        {
            return Problems.Status(StatusCodes.Status409Conflict, refusal);
        }

        var now = clock.GetUtcNow();
        var from = delivery.Status;
        var actions = await ChangesAsync(partition, delivery, move, now, cancellationToken);
        actions.Add(new(TableTransactionActionType.Add,
            new InboundEventRow { PartitionKey = dossierId, RowKey = marker, Type = move.Status, ReceivedAt = now }));
        NotificationRow?[] told = [DossierStatus.Notification(dossier, delivery, now)];
        await outbox.CommitAsync(dossierId, actions, [], [.. told.OfType<NotificationRow>()], cancellationToken);
        logger.LogInformation("{AgencyId} moved {DossierId} to {Status}", move.AgencyId, dossierId, move.Status);
        await counters.MoveAsync(from, move.Status, cancellationToken: cancellationToken);
        if (DossierStatus.IsProcessed(move.Status))
        {
            await indexes.DeliveryProcessedAsync(dossier, move.AgencyId, now, cancellationToken);
        }

        await accountDossiers.RefreshAsync(dossier, cancellationToken);

        return AgencyEventAnswers.Applied(move.Status);
    }

    private async Task<List<TableTransactionAction>> ChangesAsync(DossierPartition partition, DeliveryRow delivery, AgencyMove move,
        DateTimeOffset now, CancellationToken cancellationToken)
    {
        if (move.Status == DossierStatus.SupplementRequested)
        {
            delivery.SupplementRequestedAt = now;
        }

        (delivery.Status, delivery.Note, delivery.UpdatedAt) = (move.Status, move.Note, now);
        var actions = new List<TableTransactionAction>
        {
            new(TableTransactionActionType.UpdateMerge, delivery, delivery.ETag),
            new(TableTransactionActionType.Add, HistoryRow.Of(partition.DossierId, now, move.Status, delivery.AgencyId, move.Note)),
            partition.Touch(now),
        };
        foreach (var file in move.Results)
        {
            var result = await attachments.AddResultAsync(partition.DossierId, file.Content, file.ContentType, file.FileName, delivery.AgencyId, now,
                cancellationToken);
            // A result issued to an account joins its store of documents (AccountDossiers.RefreshAsync lists it there).
            result.DocumentId = partition.Dossier?.AccountId is null ? null : DocumentRow.IdOf(partition.DossierId, result.FileId);
            actions.Add(new(TableTransactionActionType.Add, result));
        }

        return actions;
    }

    /// <summary>The answer to an event about a dossier that does not exist or was not delivered to the agency.</summary>
    public static ProblemHttpResult NotDelivered() =>
        Problems.Status(StatusCodes.Status404NotFound, "Hồ sơ không tồn tại hoặc không được chuyển đến cơ quan này.");
}
