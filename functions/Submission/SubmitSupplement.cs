// POST /api/dossiers/{id}/supplements: the citizen answers an agency's request for more documents. The new
// files go to every delivery waiting for a supplement, each told by a signed dossier.supplemented webhook.
using System.Diagnostics;
using System.Text.Json;
using System.Text.Json.Nodes;
using Azure.Data.Tables;
using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.Extensions.Options;
using Microsoft.Azure.Functions.Worker;
using MotCua.Catalog;
using MotCua.Documents;
using MotCua.Hosting;
using MotCua.Status;
using MotCua.Storage;
using MotCua.Vietnam;
using MotCua.Webhooks;

namespace MotCua.Submission;

internal sealed record SupplementNote(string? Note);

internal sealed record SupplementReceipt(string Id, string Status, IReadOnlyList<FileView> Attachments);

internal sealed class SubmitSupplement(
    DossierAccess access,
    ProcedureCatalog catalog,
    AttachmentStore attachments,
    Outbox outbox,
    TimeProvider clock,
    IOptions<UploadLimits> limits)
{
    public const int MaxNote = 2000;

    [Function(nameof(SubmitSupplement))]
    public async Task<Results<Ok<SupplementReceipt>, ValidationProblem, ProblemHttpResult>> Run(
        [HttpTrigger(AuthorizationLevel.Anonymous, "post", Route = "dossiers/{id}/supplements")] HttpRequest request, string id,
        CancellationToken cancellationToken)
    {
        if (await access.OpenAsync(id, request, cancellationToken) is not { Dossier: { } dossier } partition)
        {
            return DossierAccess.NotFound();
        }

        var waiting = partition.Deliveries.Where(DossierStatus.AwaitsSupplement).ToList();
        if (waiting.Count == 0)
        {
            return Problems.Status(StatusCodes.Status409Conflict, "Không có yêu cầu bổ sung nào đang chờ hồ sơ này.");
        }

        var (upload, refusal) = await DossierUploadReader.ReadAsync(request, limits.Value, allowJson: false, DossierUploadReader.DossierPart, cancellationToken);
        if (upload is null)
        {
            return refusal!.ToProblem();
        }

        await using (upload)
        {
            if (Note(upload.DossierJson) is not { } note)
            {
                return Problems.Invalid("dossier", $"Phần dossier (nếu có) là JSON {{\"note\": \"…\"}}, ghi chú tối đa {MaxNote} ký tự.");
            }

            return new DossierValidation(catalog, Indexes.VietnamDay(clock.GetUtcNow())).ValidateSupplement(catalog.FindProcedure(dossier.ProcedureCode)!, upload.Files) switch
            {
                Checked<List<ValidFile>>.Passed(var files) => await StoreAsync(partition, waiting, files, note, cancellationToken),
                Checked<List<ValidFile>>.Invalid(var invalid) => invalid,
                Checked<List<ValidFile>>.Refused(var refused) => refused,
                _ => throw new UnreachableException(),
            };
        }
    }

    /// <summary>The files stored, the waiting deliveries told, in one transaction guarded by the deliveries' ETags.</summary>
    private async Task<Results<Ok<SupplementReceipt>, ValidationProblem, ProblemHttpResult>> StoreAsync(DossierPartition partition,
        List<DeliveryRow> waiting, List<ValidFile> files, string note, CancellationToken cancellationToken)
    {
        var now = clock.GetUtcNow();
        var rows = await Task.WhenAll(files.Select(file => attachments.AddAttachmentAsync(partition.DossierId, file, now, cancellationToken)));
        var data = Payload(rows, now, note).ToJsonString();
        var events = waiting.Select(d => Outbox.NewEvent(partition.DossierId, WebhookEvents.DossierSupplemented, d.AgencyId, now, data)).ToList();
        try
        {
            await outbox.CommitAsync(partition.DossierId, Changes(partition, waiting, rows, now), events, cancellationToken);
        }
        catch (TableTransactionFailedException ex) when (ex.Status == 412)
        {
            return Problems.Status(StatusCodes.Status409Conflict, "Hồ sơ vừa thay đổi; vui lòng tải lại và nộp bổ sung lần nữa.");
        }

        return TypedResults.Ok(new SupplementReceipt(partition.DossierId, DossierStatus.SupplementRequested, [.. rows.Select(FileView.Of)]));
    }

    /// <summary>
    /// The citizen's note from the <c>dossier</c> part, normalised: empty without one; null when the part is not
    /// <c>{"note": …}</c> or the note is longer than <see cref="MaxNote"/>.
    /// </summary>
    internal static string? Note(string? json)
    {
        if (json is null)
        {
            return "";
        }

        try
        {
            return JsonSerializer.Deserialize<SupplementNote>(json, JsonSerializerOptions.Web) is { } parsed
                && VietnameseText.Normalize(parsed.Note ?? "") is { Length: <= MaxNote } note
                ? note
                : null;
        }
        catch (JsonException)
        {
            return null;
        }
    }

    /// <summary>The event's own details: the files it carries, when it was supplemented, and the note if there is one.</summary>
    internal static JsonObject Payload(IReadOnlyCollection<FileRow> files, DateTimeOffset now, string note)
    {
        var data = WebhookPayloads.AttachmentData(files)!;
        data["supplementedAt"] = VietnamTime.Of(now);
        if (note.Length > 0)
        {
            data["note"] = note;
        }

        return data;
    }

    /// <summary>
    /// The waiting deliveries marked as supplemented, one history step, the new files and the dossier's stamp. One step, naming
    /// the agency when only one asked: a step per agency would take a wide fan-out (deliveries, events and files) past the
    /// 100 operations of one transaction.
    /// </summary>
    internal static List<TableTransactionAction> Changes(DossierPartition partition, List<DeliveryRow> waiting, IReadOnlyList<FileRow> files,
        DateTimeOffset now)
    {
        var changes = new List<TableTransactionAction>();
        foreach (var delivery in waiting)
        {
            delivery.SupplementReceivedAt = now;
            changes.Add(new(TableTransactionActionType.UpdateMerge, delivery, delivery.ETag));
        }

        changes.Add(new(TableTransactionActionType.Add, HistoryRow.Of(partition.DossierId, now, DossierStatus.SupplementRequested,
            waiting is [var only] ? only.AgencyId : null, "Công dân đã nộp hồ sơ bổ sung.")));
        changes.AddRange(files.Select(file => new TableTransactionAction(TableTransactionActionType.Add, file)));
        changes.Add(partition.Touch(now));
        return changes;
    }
}
