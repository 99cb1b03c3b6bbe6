// Timer, 05:30 Vietnam time (WEBSITE_TIME_ZONE): the report of the previous Vietnam day, stored as a table row and
// as JSON and CSV blobs. Early enough to be on ops' desks when offices open, late enough that the night's stragglers
// (a forward retried after midnight is counted on the day it happened) are long settled. Running it again for the
// same day overwrites the same row and blobs. After an outage the host runs a missed timer once, as past due; that
// run writes the report of every day the missed occurrences were for, so no day is left without one.
using Microsoft.Azure.Functions.Worker;
using MotCua.Storage;

namespace MotCua.Reporting;

internal sealed class DailyReport(ReportBuilder builder, ReportStore store, TimeProvider clock, ILogger<DailyReport> logger)
{
    public const string Schedule = "0 30 5 * * *";

    /// <summary>The most days one past-due run catches up: a month of reports; older days stay buildable from their index rows.</summary>
    public const int MaxCatchUpDays = 31;

    [Function(nameof(DailyReport))]
    public async Task RunAsync([TimerTrigger(Schedule)] TimerInfo timer, CancellationToken cancellationToken)
    {
        var yesterday = Indexes.VietnamDay(clock.GetUtcNow()).AddDays(-1);
        // The occurrence it was due at reports the day before that occurrence's day; each later one, the day after.
        var first = timer is { IsPastDue: true, ScheduleStatus.Next: var due } ? Indexes.VietnamDay(due).AddDays(-1) : yesterday;
        if (first < yesterday.AddDays(1 - MaxCatchUpDays))
        {
            first = yesterday.AddDays(1 - MaxCatchUpDays);
        }

        for (var day = first; day <= yesterday; day = day.AddDays(1))
        {
            var report = await builder.BuildAsync(day, cancellationToken);
            await store.SaveAsync(report, cancellationToken);
            logger.LogInformation("Daily report for {Date}: {Received} dossiers received, {Forwarded} forwarded, {Processed} processed ({Late} late)",
                ReportStore.Key(day), report.Dossiers.Received, report.Dossiers.Forwarded, report.Dossiers.Processed, report.Dossiers.Late);
        }
    }
}
