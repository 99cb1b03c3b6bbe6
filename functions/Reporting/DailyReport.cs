// Timer, 05:30 Vietnam time (WEBSITE_TIME_ZONE): the report of the previous Vietnam day, stored as a table row and
// as JSON and CSV blobs. Early enough to be on ops' desks when offices open, late enough that the night's stragglers
// (a forward retried after midnight is counted on the day it happened) are long settled. Running it again for the
// same day overwrites the same row and blobs.
using MotCua.Hosting;
using MotCua.Storage;

namespace MotCua.Reporting;

internal sealed class DailyReport(ReportBuilder builder, ReportStore store, TimeProvider clock, ILogger<DailyReport> logger) : ITimerFunction
{
    public const string Schedule = "0 30 5 * * *";

    public async Task RunAsync(TimerInfo timer, CancellationToken cancellationToken)
    {
        var day = Indexes.VietnamDay(clock.GetUtcNow()).AddDays(-1);
        var report = await builder.BuildAsync(day, cancellationToken);
        await store.SaveAsync(report, cancellationToken);
        logger.LogInformation("Daily report for {Date}: {Received} dossiers received, {Forwarded} forwarded, {Processed} processed ({Late} late)",
            ReportStore.Key(day), report.Dossiers.Received, report.Dossiers.Forwarded, report.Dossiers.Processed, report.Dossiers.Late);
    }
}
