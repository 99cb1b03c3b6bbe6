// GET /api/ops/reports/{yyyy-MM-dd}[?format=csv]: a stored daily report, exactly as DailyReport wrote it.
using Microsoft.AspNetCore.Http.HttpResults;
using MotCua.Hosting;
using Microsoft.Azure.Functions.Worker;

namespace MotCua.Reporting;

internal sealed class GetReport(ReportStore store)
{
    [Function(nameof(GetReport))]
    public async Task<Results<FileContentHttpResult, ValidationProblem, ProblemHttpResult>> Run(
        [HttpTrigger(AuthorizationLevel.Function, "get", Route = "ops/reports/{date}")] HttpRequest request, string date,
        CancellationToken cancellationToken)
    {
        if (!ReportStore.TryParseDate(date, out var day))
        {
            return Problems.Invalid("date", "Ngày phải có dạng yyyy-MM-dd, ví dụ 2026-03-10.");
        }

        string? format = request.Query["format"];
        var chosen = format switch
        {
            null or "json" => ReportFormat.Json,
            "csv" => ReportFormat.Csv,
            _ => null,
        };
        if (chosen is null)
        {
            return Problems.Invalid("format", "Định dạng chỉ có thể là json hoặc csv.");
        }

        return await store.ReadAsync(day, chosen, cancellationToken) is { } content
            ? TypedResults.Bytes(content.ToArray(), chosen.ContentType)
            : Problems.Status(StatusCodes.Status404NotFound, $"Chưa có báo cáo của ngày {day:dd/MM/yyyy}.");
    }
}
