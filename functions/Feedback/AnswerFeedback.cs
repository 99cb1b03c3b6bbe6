// feedback.answered from an agency (through POST /api/agencies/{agencyId}/events, already signature-checked):
// only the agency the feedback was routed to may answer, once; a replayed webhook-id changes nothing.
using Azure.Data.Tables;
using Microsoft.AspNetCore.Http.HttpResults;
using MotCua.Hosting;
using MotCua.Status;
using MotCua.Storage;
using MotCua.Vietnam;
using MotCua.Webhooks;

namespace MotCua.Feedback;

internal sealed record FeedbackAnswer(string? FeedbackId, string? Answer);

internal sealed class AnswerFeedback(TableServiceClient tables, Counters counters, TimeProvider clock, ILogger<AnswerFeedback> logger)
    : AgencyEventHandler<FeedbackAnswer>
{
    public const int MaxAnswer = 10_000;

    private readonly TableClient _items = tables.GetTableClient(StorageNames.DossiersTable);

    public override string EventType => WebhookEvents.FeedbackAnswered;

    protected override async Task<Results<Ok<AppliedEvent>, Ok<DuplicateEvent>, ValidationProblem, ProblemHttpResult>> ApplyAsync(string agencyId,
        string webhookId, FeedbackAnswer answer, CancellationToken cancellationToken)
    {
        if (Text(answer.Answer) is not { } text)
        {
            return Problems.Invalid("data.answer", $"Nội dung trả lời bắt buộc, tối đa {MaxAnswer} ký tự.");
        }

        if (await RoutedAsync(answer.FeedbackId, agencyId, cancellationToken) is not ({ } feedback, { } delivery))
        {
            return NotRouted();
        }

        var id = feedback.PartitionKey;
        var marker = InboundEventRow.KeyFor(agencyId, webhookId);
        if (await _items.GetEntityIfExistsAsync<InboundEventRow>(id, marker, cancellationToken: cancellationToken) is { HasValue: true })
        {
            // The agency may be retrying because our first answer never reached it; finish the publication it may have missed.
            await PublishAsync(id, feedback, cancellationToken);
            return AgencyEventAnswers.Duplicate();
        }

        if (delivery.Status == FeedbackStatus.Answered)
        {
            return Problems.Status(StatusCodes.Status409Conflict, "Phản ánh, kiến nghị này đã được trả lời.");
        }

        try
        {
            await _items.SubmitTransactionAsync(Answer(feedback, delivery, marker, text, clock.GetUtcNow()), cancellationToken);
        }
        catch (TableTransactionFailedException ex) when (ex.Status is 409 or 412)
        {
            return Problems.Status(StatusCodes.Status409Conflict, "Phản ánh, kiến nghị vừa được cập nhật; vui lòng kiểm tra lại.");
        }

        await PublishAsync(id, feedback, cancellationToken);
        await counters.AddAsync(FeedbackCounters.Answered, cancellationToken: cancellationToken);
        logger.LogInformation("{AgencyId} answered feedback {FeedbackId}", agencyId, id);
        return AgencyEventAnswers.Applied(FeedbackStatus.Answered);
    }

    /// <summary>The answer normalised; null when it is empty, longer than <see cref="MaxAnswer"/> or holds control characters.</summary>
    internal static string? Text(string? answer)
    {
        var text = answer is null ? "" : VietnameseText.Normalize(answer);
        return text.Length is 0 or > MaxAnswer || VietnameseText.ContainsControlCharacters(text, multiline: true) ? null : text;
    }

    /// <summary>
    /// The feedback answered and its delivery moved, a history step, and the webhook-id marker, in one transaction guarded by
    /// the rows' ETags: a second answer, or the same one twice, fails it.
    /// </summary>
    internal static List<TableTransactionAction> Answer(FeedbackRow feedback, DeliveryRow delivery, string marker, string text, DateTimeOffset now)
    {
        (feedback.Answer, feedback.AnsweredAt) = (text, now);
        (delivery.Status, delivery.UpdatedAt) = (FeedbackStatus.Answered, now);
        var id = feedback.PartitionKey;
        return
        [
            new(TableTransactionActionType.UpdateMerge, feedback, feedback.ETag),
            new(TableTransactionActionType.UpdateMerge, delivery, delivery.ETag),
            new(TableTransactionActionType.Add, HistoryRow.Of(id, now, FeedbackStatus.Answered, delivery.AgencyId)),
            new(TableTransactionActionType.Add, new InboundEventRow { PartitionKey = id, RowKey = marker, Type = WebhookEvents.FeedbackAnswered, ReceivedAt = now }),
        ];
    }

    /// <summary>The feedback item and its delivery, when <paramref name="feedbackId"/> names one routed to <paramref name="agencyId"/>.</summary>
    private async Task<(FeedbackRow Feedback, DeliveryRow Delivery)?> RoutedAsync(string? feedbackId, string agencyId,
        CancellationToken cancellationToken)
    {
        if (!FeedbackId.IsWellFormed(feedbackId))
        {
            return null;
        }

        var partition = await DossierPartition.LoadAsync(_items, feedbackId!, cancellationToken);
        return partition.Feedback is { } feedback && partition.DeliveryFor(agencyId) is { } delivery ? (feedback, delivery) : null;
    }

    private async Task PublishAsync(string id, FeedbackRow feedback, CancellationToken cancellationToken)
    {
        if (feedback is { ConsentToPublish: true, Answer: { } text, AnsweredAt: { } answeredAt })
        {
            await tables.GetTableClient(StorageNames.PublishedFeedbackTable).UpsertEntityAsync(PublishedFeedbackRow.Of(feedback, id, text, answeredAt),
                TableUpdateMode.Replace, cancellationToken);
        }
    }

    private static ProblemHttpResult NotRouted() =>
        Problems.Status(StatusCodes.Status404NotFound, "Phản ánh, kiến nghị không tồn tại hoặc không được chuyển đến cơ quan này.");
}
