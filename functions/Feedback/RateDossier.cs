// POST /api/dossiers/{id}/rating with X-Access-Key: one satisfaction score (1–5, optional comment) per
// dossier, once it has reached a final status.
using System.Diagnostics;
using Azure;
using Azure.Data.Tables;
using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.Azure.Functions.Worker;
using MotCua.Hosting;
using MotCua.Status;
using MotCua.Storage;
using MotCua.Vietnam;

namespace MotCua.Feedback;

internal sealed record RatingInput(int? Score, string? Comment);

internal sealed record ValidRating(int Score, string? Comment);

internal sealed class RateDossier(DossierAccess access, Counters counters, TimeProvider clock)
{
    public const int MaxComment = 1000;

    [Function(nameof(RateDossier))]
    public async Task<Results<Created<RatingView>, ValidationProblem, ProblemHttpResult>> Run(
        [HttpTrigger(AuthorizationLevel.Anonymous, "post", Route = "dossiers/{id}/rating")] HttpRequest request, string id,
        CancellationToken cancellationToken)
    {
        if (await access.OpenAsync(id, request, cancellationToken) is not { Dossier: not null } partition)
        {
            return DossierAccess.NotFound();
        }

        if (!request.HasJsonContentType())
        {
            return Problems.Status(StatusCodes.Status415UnsupportedMediaType, "Chỉ nhận application/json.");
        }

        return Check(await JsonBody.ReadAsync<RatingInput>(request, cancellationToken)) switch
        {
            Checked<ValidRating>.Passed(var rating) => await RateAsync(partition, rating, cancellationToken),
            Checked<ValidRating>.Invalid(var invalid) => invalid,
            _ => throw new UnreachableException(),
        };
    }

    /// <summary>A score from 1 to 5 and the comment, if any, normalised: at most <see cref="MaxComment"/> characters, no control characters.</summary>
    internal static Checked<ValidRating> Check(RatingInput? input)
    {
        if (input?.Score is not (>= 1 and <= 5))
        {
            return Problems.Invalid("score", "Điểm đánh giá là số nguyên từ 1 đến 5.");
        }

        var comment = input.Comment is null ? null : VietnameseText.Normalize(input.Comment);
        if (comment is not null && (comment.Length > MaxComment || VietnameseText.ContainsControlCharacters(comment, multiline: true)))
        {
            return Problems.Invalid("comment", $"Nhận xét tối đa {MaxComment} ký tự, không có ký tự điều khiển.");
        }

        return new Checked<ValidRating>.Passed(new ValidRating(input.Score.Value, comment));
    }

    /// <summary>The rating stored once the dossier is final; a second rating of the same dossier fails on the existing row.</summary>
    private async Task<Results<Created<RatingView>, ValidationProblem, ProblemHttpResult>> RateAsync(DossierPartition partition, ValidRating input,
        CancellationToken cancellationToken)
    {
        if (!DossierStatus.IsFinal(DossierStatus.Of(partition.Deliveries.Select(d => d.Status))))
        {
            return Problems.Status(StatusCodes.Status409Conflict, "Chỉ đánh giá được khi hồ sơ đã có kết quả, bị từ chối hoặc đã rút.");
        }

        var now = clock.GetUtcNow();
        var rating = new RatingRow { PartitionKey = partition.DossierId, RowKey = RatingRow.Key, Score = input.Score, Comment = input.Comment, RatedAt = now };
        try
        {
            await access.Dossiers.SubmitTransactionAsync([new(TableTransactionActionType.Add, rating), partition.Touch(now)], cancellationToken);
        }
        catch (RequestFailedException ex) when (ex.Status == 409)
        {
            return Problems.Status(StatusCodes.Status409Conflict, "Hồ sơ này đã được đánh giá.");
        }

        await Task.WhenAll(
            counters.AddAsync(FeedbackCounters.Ratings, cancellationToken: cancellationToken),
            counters.AddAsync(FeedbackCounters.RatingScoreSum, rating.Score, cancellationToken),
            counters.AddAsync(FeedbackCounters.RatingScore(rating.Score), cancellationToken: cancellationToken));
        return TypedResults.Created($"/api/dossiers/{partition.DossierId}/rating", new RatingView(rating.Score, rating.Comment, VietnamTime.Of(now)));
    }
}
