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

    protected override async Task<IResult> ApplyAsync(string agencyId, string webhookId, FeedbackAnswer answer, CancellationToken cancellationToken)
    {
        var text = answer.Answer is null ? "" : VietnameseText.Normalize(answer.Answer);
        if (text.Length is 0 or > MaxAnswer || VietnameseText.ContainsControlCharacters(text, multiline: true))
        {
            return Problems.Invalid("data.answer", $"Nội dung trả lời bắt buộc, tối đa {MaxAnswer} ký tự.");
        }

        if (!FeedbackId.IsWellFormed(answer.FeedbackId))
        {
            return NotRouted();
        }

        var id = answer.FeedbackId!;
        var partition = await DossierPartition.LoadAsync(_items, id, cancellationToken);
        if (partition.Feedback is not { } feedback || partition.DeliveryFor(agencyId) is not { } delivery)
        {
            return NotRouted();
        }

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

        var now = clock.GetUtcNow();
        (feedback.Answer, feedback.AnsweredAt) = (text, now);
        (delivery.Status, delivery.UpdatedAt) = (FeedbackStatus.Answered, now);
        try
        {
            await _items.SubmitTransactionAsync(
            [
                new(TableTransactionActionType.UpdateMerge, feedback, feedback.ETag),
                new(TableTransactionActionType.UpdateMerge, delivery, delivery.ETag),
                new(TableTransactionActionType.Add, HistoryRow.Of(id, now, FeedbackStatus.Answered, agencyId)),
                new(TableTransactionActionType.Add, new InboundEventRow { PartitionKey = id, RowKey = marker, Type = EventType, ReceivedAt = now }),
            ], cancellationToken);
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

    private async Task PublishAsync(string id, FeedbackRow feedback, CancellationToken cancellationToken)
    {
        if (feedback is { ConsentToPublish: true, Answer: { } text, AnsweredAt: { } answeredAt })
        {
            await PublishedFeedback.Table(tables).UpsertEntityAsync(PublishedFeedback.RowFor(feedback, id, text, answeredAt),
                TableUpdateMode.Replace, cancellationToken);
        }
    }

    private static ProblemHttpResult NotRouted() =>
        Problems.Status(StatusCodes.Status404NotFound, "Phản ánh, kiến nghị không tồn tại hoặc không được chuyển đến cơ quan này.");
}
