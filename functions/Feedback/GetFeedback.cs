// GET /api/feedback/{id} with X-Access-Key: the author follows their feedback to its answer.
using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.Azure.Functions.Worker;
using MotCua.Catalog;
using MotCua.Hosting;
using MotCua.Status;
using MotCua.Vietnam;

namespace MotCua.Feedback;

internal sealed record FeedbackHistoryView(DateTimeOffset At, string Status, string StatusLabel, string? Note);

internal sealed record FeedbackView(string Id, string Status, string StatusLabel, string Category, string Title, string Content, string AgencyId,
    string AgencyName, string? Answer, DateTimeOffset? AnsweredAt, IReadOnlyList<FeedbackHistoryView> History, IReadOnlyList<FileView> Attachments);

internal sealed class GetFeedback(DossierAccess access, ProcedureCatalog catalog)
{
    [Function(nameof(GetFeedback))]
    public async Task<Results<Ok<FeedbackView>, ProblemHttpResult>> Run(
        [HttpTrigger(AuthorizationLevel.Anonymous, "get", Route = "feedback/{id}")] HttpRequest request, string id,
        CancellationToken cancellationToken)
    {
        if (await access.OpenFeedbackAsync(id, request, cancellationToken) is not { Feedback: { } feedback } partition)
        {
            return NotFound();
        }

        var status = partition.Deliveries.FirstOrDefault()?.Status ?? FeedbackStatus.Received;
        return TypedResults.Ok(new FeedbackView(id, status, FeedbackStatus.Label(status), feedback.Category, feedback.Title, feedback.Content,
            feedback.AgencyId, catalog.FindAgency(feedback.AgencyId)?.Name ?? feedback.AgencyId, feedback.Answer, feedback.AnsweredAt is { } answeredAt ? VietnamTime.Of(answeredAt) : null,
            [.. partition.History.Select(h => new FeedbackHistoryView(VietnamTime.Of(h.At), h.Status, FeedbackStatus.Label(h.Status), h.Note))],
            [.. partition.Attachments.Select(FileView.Of)]));
    }

    private static ProblemHttpResult NotFound() =>
        Problems.Status(StatusCodes.Status404NotFound, "Không tìm thấy phản ánh, kiến nghị với mã và khóa tra cứu này.");
}
