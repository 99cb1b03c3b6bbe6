// POST /api/agencies/{agencyId}/events: an agency's signed callback. Checked in order: the agency is
// registered, the signature and timestamp hold, the body is well formed, the dossier was delivered to
// this agency, the transition is legal. The change, its history row and the webhook-id marker are one
// transaction guarded by the delivery's ETag, so duplicates and concurrent callbacks cannot both apply.
using System.Diagnostics;
using System.Text.Json;
using System.Text.Json.Serialization;
using Azure;
using Azure.Data.Tables;
using Microsoft.AspNetCore.Http.Features;
using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.Extensions.Options;
using MotCua.Agencies;
using MotCua.Feedback;
using MotCua.Hosting;
using MotCua.Storage;
using MotCua.Submission;
using MotCua.Webhooks;
using Microsoft.Azure.Functions.Worker;

namespace MotCua.Status;

internal sealed record AgencyEvent(string? Type, DateTimeOffset? Timestamp, JsonElement Data);

internal sealed record DuplicateEvent(bool Applied, bool Duplicate);

internal sealed record StatusChange(string? DossierId, string? Status, string? Note);

internal sealed record ResultDocument(string? FileName, string? ContentType, string? ContentBase64);

internal sealed record ResultIssued(string? DossierId, string? Note, List<ResultDocument>? Documents);

internal sealed class AgencyEvents(
    AgencyDirectory agencies,
    WebhookVerifier verifier,
    TableServiceClient tables,
    AttachmentStore attachments,
    AnswerFeedback answers,
    Indexes indexes,
    Counters counters,
    TimeProvider clock,
    IOptions<SubmissionLimits> limits,
    ILogger<AgencyEvents> logger)
{
    public const int MaxResultDocuments = 10;

    private static readonly JsonSerializerOptions EventJson = new(JsonSerializerDefaults.Web)
    {
        UnmappedMemberHandling = JsonUnmappedMemberHandling.Disallow,
        MaxDepth = 16,
    };

    private readonly TableClient _dossiers = tables.GetTableClient(StorageNames.DossiersTable);

    [Function(nameof(AgencyEvents))]
    public Task<IResult> Run(
        [HttpTrigger(AuthorizationLevel.Anonymous, "post", Route = "agencies/{agencyId}/events")] HttpRequest request, string agencyId,
        CancellationToken cancellationToken) => ReceiveAsync(agencyId, request, cancellationToken);

    private async Task<IResult> ReceiveAsync(string agencyId, HttpRequest request, CancellationToken cancellationToken)
    {
        if (agencyId.Length > 64 || await agencies.FindAsync(agencyId, cancellationToken) is not { } agency)
        {
            return Problems.Status(StatusCodes.Status404NotFound, "Không có cơ quan với mã này.");
        }

        // Headers and timestamp first, before reading a body that may be large: an unsigned or stale request costs nothing.
        var early = verifier.Verify([], request.Headers, agency.Secrets).Status;
        if (early is not (WebhookVerificationStatus.BadSignature or WebhookVerificationStatus.Valid))
        {
            return Refused(agencyId, early);
        }

        var body = await ReadBodyAsync(request, cancellationToken);
        if (body is null)
        {
            return Problems.Status(StatusCodes.Status413PayloadTooLarge, "Nội dung sự kiện quá lớn.");
        }

        var verification = verifier.Verify(body, request.Headers, agency.Secrets);
        if (!verification.IsValid)
        {
            return Refused(agencyId, verification.Status);
        }

        var webhookId = verification.Id!;
        AgencyEvent? envelope;
        try
        {
            envelope = JsonSerializer.Deserialize<AgencyEvent>(body, EventJson);
        }
        catch (JsonException)
        {
            envelope = null;
        }

        return envelope?.Type switch
        {
            "dossier.status_changed" when Parse<StatusChange>(envelope.Data) is { } change =>
                await ChangeStatusAsync(agencyId, webhookId, change, cancellationToken),
            "dossier.result_issued" when Parse<ResultIssued>(envelope.Data) is { } result =>
                await IssueResultAsync(agencyId, webhookId, result, cancellationToken),
            AnswerFeedback.EventType when Parse<FeedbackAnswer>(envelope.Data) is { } answer =>
                await answers.ApplyAsync(agencyId, webhookId, answer, cancellationToken),
            "dossier.status_changed" or "dossier.result_issued" or AnswerFeedback.EventType => Problems.Invalid("data", "Dữ liệu của sự kiện không đúng cấu trúc."),
            _ => Problems.Invalid("type", "Loại sự kiện không được hỗ trợ: dossier.status_changed, dossier.result_issued, feedback.answered."),
        };
    }

    private ProblemHttpResult Refused(string agencyId, WebhookVerificationStatus reason)
    {
        logger.LogWarning("Refused an event for {AgencyId}: {Reason}", agencyId, reason);
        return Problems.Status(StatusCodes.Status401Unauthorized, "Chữ ký webhook không hợp lệ hoặc đã hết hạn.");
    }

    private static T? Parse<T>(JsonElement data) where T : class
    {
        try
        {
            return data.ValueKind == JsonValueKind.Object ? data.Deserialize<T>(EventJson) : null;
        }
        catch (JsonException)
        {
            return null;
        }
    }

    private async Task<byte[]?> ReadBodyAsync(HttpRequest request, CancellationToken cancellationToken)
    {
        // Result documents arrive base64-encoded (4/3 of their size) inside the JSON.
        var max = ((limits.Value.MaxFileBytes * MaxResultDocuments * 4) / 3) + (64 * 1024);
        if (request.HttpContext.Features.Get<IHttpMaxRequestBodySizeFeature>() is { IsReadOnly: false } feature)
        {
            feature.MaxRequestBodySize = max;
        }

        try
        {
            return await DossierUploadReader.ReadAtMostAsync(request.Body, max, cancellationToken);
        }
        catch (BadHttpRequestException)
        {
            return null;
        }
    }

    private async Task<IResult> ChangeStatusAsync(string agencyId, string webhookId, StatusChange change, CancellationToken cancellationToken)
    {
        if (change.Status is null || !DossierStatus.IsKnown(change.Status))
        {
            return Problems.Invalid("data.status", "Trạng thái không hợp lệ.");
        }

        if (change.Status == DossierStatus.Approved)
        {
            return Problems.Invalid("data.status", "Hồ sơ có kết quả được báo bằng sự kiện dossier.result_issued kèm văn bản kết quả.");
        }

        return await ApplyAsync(agencyId, webhookId, change.DossierId, change.Status, change.Note, [], cancellationToken);
    }

    private async Task<IResult> IssueResultAsync(string agencyId, string webhookId, ResultIssued result, CancellationToken cancellationToken)
    {
        if (result.Documents is not { Count: > 0 and <= MaxResultDocuments })
        {
            return Problems.Invalid("data.documents", $"Cần từ 1 đến {MaxResultDocuments} văn bản kết quả.");
        }

        var documents = new List<(string FileName, string ContentType, byte[] Content)>();
        for (var i = 0; i < result.Documents.Count; i++)
        {
            var document = result.Documents[i];
            var content = Decode(document.ContentBase64);
            if (content is null || content.Length == 0)
            {
                return Problems.Invalid($"data.documents[{i}].contentBase64", "Nội dung phải là base64 hợp lệ và không rỗng.");
            }

            if (content.Length > limits.Value.MaxFileBytes)
            {
                return Problems.Status(StatusCodes.Status413PayloadTooLarge, $"Văn bản kết quả thứ {i + 1} quá lớn.");
            }

            using var stream = new MemoryStream(content, writable: false);
            if (FileTypes.Detect(stream) is not { } type)
            {
                return Problems.Status(StatusCodes.Status415UnsupportedMediaType, $"Văn bản kết quả thứ {i + 1} không phải PDF, JPEG, PNG, DOCX hoặc XLSX.");
            }

            documents.Add((FileTypes.SafeFileName(document.FileName ?? ""), type, content));
        }

        return await ApplyAsync(agencyId, webhookId, result.DossierId, DossierStatus.Approved, result.Note, documents, cancellationToken);
    }

    private static byte[]? Decode(string? base64)
    {
        if (base64 is null)
        {
            return null;
        }

        var bytes = new byte[(base64.Length * 3 / 4) + 3];
        return Convert.TryFromBase64String(base64, bytes, out var written) ? bytes[..written] : null;
    }

    private async Task<IResult> ApplyAsync(string agencyId, string webhookId, string? dossierId, string status, string? note,
        List<(string FileName, string ContentType, byte[] Content)> documents, CancellationToken cancellationToken)
    {
        if (note is { Length: > 2000 })
        {
            return Problems.Invalid("data.note", "Ghi chú tối đa 2000 ký tự.");
        }

        note = note is null ? null : VietnameseText.Normalize(note);
        if (dossierId is null || !DossierId.IsWellFormed(dossierId))
        {
            return NotDelivered();
        }

        Activity.Current?.SetTag(Telemetry.DossierTag, dossierId);
        Activity.Current?.SetTag(Telemetry.AgencyTag, agencyId);
        var marker = InboundEventRow.KeyFor(agencyId, webhookId);
        for (var round = 0; round < 3; round++)
        {
            var rows = DossierPartition.LoadRowsAsync(_dossiers, dossierId, [DossierRow.Key, DeliveryRow.KeyFor(agencyId)], cancellationToken);
            var applied = _dossiers.GetEntityIfExistsAsync<InboundEventRow>(dossierId, marker, cancellationToken: cancellationToken);
            await Task.WhenAll(rows, applied);
            var partition = await rows;
            if (partition.Dossier is null || partition.DeliveryFor(agencyId) is not { } delivery)
            {
                return NotDelivered();
            }

            if ((await applied).HasValue)
            {
                return Duplicate();
            }

            if (!DossierStatus.AgencyMayMove(delivery.Status, status))
            {
                return Problems.Status(StatusCodes.Status409Conflict,
                    $"Không thể chuyển từ \"{DossierStatus.Label(delivery.Status)}\" sang \"{DossierStatus.Label(status)}\".");
            }

            if (delivery.Status == DossierStatus.SupplementRequested && !(delivery.SupplementReceivedAt > delivery.SupplementRequestedAt))
            {
                return Problems.Status(StatusCodes.Status409Conflict, "Công dân chưa nộp hồ sơ bổ sung.");
            }

            var now = clock.GetUtcNow();
            var from = delivery.Status;
            var actions = await ChangeActionsAsync(partition, delivery, status, note, now, documents, cancellationToken);
            actions.Add(new(TableTransactionActionType.Add,
                new InboundEventRow { PartitionKey = dossierId, RowKey = marker, Type = status, ReceivedAt = now }));
            try
            {
                await _dossiers.SubmitTransactionAsync(actions, cancellationToken);
                logger.LogInformation("{AgencyId} moved {DossierId} to {Status}", agencyId, dossierId, status);
                await counters.MoveAsync(from, status, cancellationToken: cancellationToken);
                if (status is DossierStatus.Approved or DossierStatus.Rejected)
                {
                    await indexes.DeliveryProcessedAsync(partition.Dossier, agencyId, now, cancellationToken);
                }

                return TypedResults.Ok(new { applied = true, status });
            }
            catch (TableTransactionFailedException ex) when (ex.Status == 409)
            {
                return Duplicate();
            }
            catch (TableTransactionFailedException ex) when (ex.Status == 412)
            {
                // Another callback changed the delivery first: look again, the transition may no longer be legal.
            }
        }

        return Problems.Status(StatusCodes.Status409Conflict, "Hồ sơ đang được cập nhật đồng thời; vui lòng gửi lại sự kiện.");
    }

    private async Task<List<TableTransactionAction>> ChangeActionsAsync(DossierPartition partition, DeliveryRow delivery, string status,
        string? note, DateTimeOffset now, List<(string FileName, string ContentType, byte[] Content)> documents, CancellationToken cancellationToken)
    {
        if (status == DossierStatus.SupplementRequested)
        {
            delivery.SupplementRequestedAt = now;
        }

        (delivery.Status, delivery.Note, delivery.UpdatedAt) = (status, note, now);
        var actions = new List<TableTransactionAction>
        {
            new(TableTransactionActionType.UpdateMerge, delivery, delivery.ETag),
            new(TableTransactionActionType.Add, new HistoryRow
            {
                PartitionKey = partition.DossierId, RowKey = HistoryRow.KeyFor(now), At = now, Status = status, AgencyId = delivery.AgencyId, Note = note,
            }),
            partition.Touch(now),
        };
        foreach (var (fileName, contentType, content) in documents)
        {
            actions.Add(new(TableTransactionActionType.Add,
                await attachments.AddResultAsync(partition.DossierId, content, contentType, fileName, delivery.AgencyId, now, cancellationToken)));
        }

        return actions;
    }

    internal static Ok<DuplicateEvent> Duplicate() => TypedResults.Ok(new DuplicateEvent(Applied: false, Duplicate: true));

    private static ProblemHttpResult NotDelivered() => Problems.Status(StatusCodes.Status404NotFound, "Hồ sơ không tồn tại hoặc không được chuyển đến cơ quan này.");
}
