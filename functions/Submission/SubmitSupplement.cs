// POST /api/dossiers/{id}/supplements: the citizen answers an agency's request for more documents. The new
// files go to every delivery waiting for a supplement, each told by a signed dossier.supplemented webhook.
using System.Text.Json;
using Azure.Data.Tables;
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
    [Function(nameof(SubmitSupplement))]
    public Task<IResult> Run(
        [HttpTrigger(AuthorizationLevel.Anonymous, "post", Route = "dossiers/{id}/supplements")] HttpRequest request, string id,
        CancellationToken cancellationToken) => RunAsync(id, request, cancellationToken);

    private async Task<IResult> RunAsync(string id, HttpRequest request, CancellationToken cancellationToken)
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
            var note = ReadNote(upload.DossierJson);
            if (note is { Length: > 2000 } || (upload.DossierJson is not null && note is null))
            {
                return Problems.Invalid("dossier", "Phần dossier (nếu có) là JSON {\"note\": \"…\"}, ghi chú tối đa 2000 ký tự.");
            }

            var (files, problem) = new DossierValidation(catalog).ValidateSupplement(catalog.FindProcedure(dossier.ProcedureCode)!, upload.Files);
            if (files is null)
            {
                return problem!;
            }

            var now = clock.GetUtcNow();
            var rows = await Task.WhenAll(files.Select(file => attachments.AddAttachmentAsync(partition.DossierId, file, now, cancellationToken)));
            var data = WebhookPayloads.AttachmentData(rows)!;
            data["supplementedAt"] = VietnamTime.Of(now);
            if (note is { Length: > 0 })
            {
                data["note"] = note;
            }

            var events = waiting.Select(d => Outbox.NewEvent(partition.DossierId, WebhookEvents.DossierSupplemented, d.AgencyId, now, data.ToJsonString()))
                .ToList();
            var changes = new List<TableTransactionAction>();
            foreach (var delivery in waiting)
            {
                delivery.SupplementReceivedAt = now;
                changes.Add(new(TableTransactionActionType.UpdateMerge, delivery, delivery.ETag));
            }

            // One step, naming the agency when only one asked: a step per agency would take a wide fan-out (deliveries,
            // events and files) past the 100 operations of one transaction.
            changes.Add(new(TableTransactionActionType.Add, HistoryRow.Of(partition.DossierId, now, DossierStatus.SupplementRequested,
                waiting is [var only] ? only.AgencyId : null, "Công dân đã nộp hồ sơ bổ sung.")));
            changes.AddRange(rows.Select(r => new TableTransactionAction(TableTransactionActionType.Add, r)));
            changes.Add(partition.Touch(now));
            try
            {
                await outbox.CommitAsync(partition.DossierId, changes, events, cancellationToken);
            }
            catch (TableTransactionFailedException ex) when (ex.Status == 412)
            {
                return Problems.Status(StatusCodes.Status409Conflict, "Hồ sơ vừa thay đổi; vui lòng tải lại và nộp bổ sung lần nữa.");
            }

            return TypedResults.Ok(new SupplementReceipt(partition.DossierId, DossierStatus.SupplementRequested,
                [.. rows.Select(r => new FileView(r.FileId, r.FileName, r.ContentType, r.Size, r.Sha256))]));
        }
    }

    private static string? ReadNote(string? json)
    {
        if (json is null)
        {
            return "";
        }

        try
        {
            return JsonSerializer.Deserialize<SupplementNote>(json, JsonSerializerOptions.Web) is { } parsed
                ? VietnameseText.Normalize(parsed.Note ?? "")
                : null;
        }
        catch (JsonException)
        {
            return null;
        }
    }
}
