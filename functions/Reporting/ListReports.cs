// GET /api/ops/reports?from=yyyy-MM-dd&to=yyyy-MM-dd: the headline figures of each reported day in the range,
// for the dashboard's chart. Without dates: the 30 days up to yesterday (Vietnam time).
using Microsoft.AspNetCore.Http.HttpResults;
using MotCua.Hosting;
using MotCua.Storage;
using Microsoft.Azure.Functions.Worker;

namespace MotCua.Reporting;

internal sealed class ListReports(ReportStore store, TimeProvider clock)
{
    public const int MaxDays = 62;
    public const int DefaultDays = 30;

    [Function(nameof(ListReports))]
    public async Task<Results<Ok<List<ReportSummary>>, ValidationProblem>> Run(
        [HttpTrigger(AuthorizationLevel.Function, "get", Route = "ops/reports")] HttpRequest request, CancellationToken cancellationToken)
    {
        string? from = request.Query["from"], to = request.Query["to"];
        var last = Indexes.VietnamDay(clock.GetUtcNow()).AddDays(-1);
        if (to is not null && !ReportStore.TryParseDate(to, out last))
        {
            return Problems.Invalid("to", "Ngày phải có dạng yyyy-MM-dd, ví dụ 2026-03-10.");
        }

        var first = last.AddDays(1 - DefaultDays);
        if (from is not null && !ReportStore.TryParseDate(from, out first))
        {
            return Problems.Invalid("from", "Ngày phải có dạng yyyy-MM-dd, ví dụ 2026-03-10.");
        }

        if (first > last)
        {
            return Problems.Invalid("from", "Ngày bắt đầu không được sau ngày kết thúc.");
        }

        if (last.DayNumber - first.DayNumber + 1 > MaxDays)
        {
            return Problems.Invalid("to", $"Mỗi lần xem tối đa {MaxDays} ngày.");
        }

        return TypedResults.Ok(await store.ListAsync(first, last, cancellationToken));
    }
}
