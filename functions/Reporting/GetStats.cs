// GET /api/ops/stats: live figures. All-time totals and live deliveries by status come from the running counters;
// today's dossier activity is tallied from today's index partition, so it is exact up to the last change.
using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.Azure.Functions.Worker;
using MotCua.Feedback;
using MotCua.Status;
using MotCua.Storage;
using MotCua.Vietnam;

namespace MotCua.Reporting;

internal sealed class GetStats(ReportBuilder builder, Counters counters, TimeProvider clock)
{
    [Function(nameof(GetStats))]
    public async Task<Ok<StatsView>> Run(
        [HttpTrigger(AuthorizationLevel.Function, "get", Route = "ops/stats")] HttpRequest request, CancellationToken cancellationToken)
    {
        var now = clock.GetUtcNow();
        var today = builder.ReadDayAsync(Indexes.VietnamDay(now), cancellationToken);
        var totals = counters.ReadAsync(Counters.Total, cancellationToken);
        var todays = counters.ReadAsync(Counters.Day(Indexes.VietnamDay(now)), cancellationToken);
        await Task.WhenAll(today, totals, todays);
        var (activity, counts) = (await today, await totals);
        return TypedResults.Ok(new StatsView(
            VietnamTime.Of(now),
            counts.GetValueOrDefault(CountVisit.Counter),
            ReportBuilder.AccountsOf(counts),
            DossierStatus.All.ToDictionary(status => status, status => counts.GetValueOrDefault(Counters.StatusPrefix + status), StringComparer.Ordinal),
            activity.Total.Figures(byDossier: true),
            ReportBuilder.FeedbackOf(counts),
            new RatingSummary(counts.GetValueOrDefault(FeedbackCounters.Ratings), ReportBuilder.AverageOf(counts)),
            builder.Levels(),
            builder.FeesOf(await todays),
            builder.FeesOf(counts)));
    }
}
