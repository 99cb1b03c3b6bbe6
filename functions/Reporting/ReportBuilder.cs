// Computes a Vietnam day's figures from the two places built for it: the day's activity (one row per delivery
// received, forwarded or processed that day, in that day's own table) and the day's counter partition. Neither read
// touches any other day, so a report costs what that day's activity costs, however long the portal has been running.
using System.Globalization;
using Azure;
using MotCua.Accounts;
using MotCua.Catalog;
using MotCua.Hosting;
using MotCua.Feedback;
using MotCua.Payments;
using MotCua.Storage;
using MotCua.Vietnam;

namespace MotCua.Reporting;

internal sealed class ReportBuilder(Indexes indexes, Counters counters, ProcedureCatalog catalog, TimeProvider clock)
{
    /// <summary>The columns a tally needs; the rest of each index row stays in storage.</summary>
    private static readonly string[] IndexColumns =
        [nameof(IndexRow.RowKey), nameof(IndexRow.ItemId), nameof(IndexRow.AgencyId), nameof(IndexRow.ProcedureCode), nameof(IndexRow.OnTime)];

    public async Task<DailyReportDocument> BuildAsync(DateOnly day, CancellationToken cancellationToken)
    {
        var activity = ReadDayAsync(day, cancellationToken);
        var counts = counters.ReadAsync(Counters.Day(day), cancellationToken);
        await Task.WhenAll(activity, counts);
        var (tally, figures) = (await activity, await counts);
        return new DailyReportDocument(
            day,
            VietnamTime.Of(clock.GetUtcNow()),
            tally.Total.Figures(byDossier: true),
            [.. tally.ByProcedure.OrderBy(p => p.Key, StringComparer.Ordinal).Select(p => ProcedureRow(p.Key, p.Value))],
            [.. tally.ByAgency.OrderBy(a => a.Key, StringComparer.Ordinal).Select(a => AgencyRow(a.Key, a.Value))],
            FeedbackOf(figures),
            new RatingFigures(figures.GetValueOrDefault(FeedbackCounters.Ratings), AverageOf(figures),
                Enumerable.Range(1, 5).ToDictionary(score => score.ToString(CultureInfo.InvariantCulture),
                    score => figures.GetValueOrDefault(FeedbackCounters.RatingScore(score)))),
            Levels(),
            figures.GetValueOrDefault(CountVisit.Counter),
            AccountsOf(figures),
            FeesOf(figures));
    }

    /// <summary>The account counters of one counter partition: all accounts (all time's), or those opened that day (a day's).</summary>
    public static AccountFigures AccountsOf(IReadOnlyDictionary<string, long> counts) => new(
        counts.GetValueOrDefault(AccountStore.CounterPrefix + SignedIn.Citizen), counts.GetValueOrDefault(AccountStore.CounterPrefix + SignedIn.Business));

    /// <summary>Tallies one day's activity: one query of that day's partition, alone in that day's table, paged by storage.</summary>
    public async Task<DayActivity> ReadDayAsync(DateOnly day, CancellationToken cancellationToken)
    {
        var activity = new DayActivity();
        var partition = Indexes.DayPartition(day);
        try
        {
            await foreach (var row in indexes.Day(day).QueryAsync<IndexRow>(r => r.PartitionKey == partition, select: IndexColumns,
                               cancellationToken: cancellationToken))
            {
                activity.Add(row);
            }
        }
        catch (RequestFailedException ex) when (ex.Status == 404)
        {
            // Nothing happened that day, so its table was never created.
        }

        return activity;
    }

    public LevelFigures Levels() => new(
        catalog.Procedures.Count(p => p.Level == ServiceLevel.Partial),
        catalog.Procedures.Count(p => p.Level == ServiceLevel.Full));

    /// <summary>The fee counters of one counter partition (a day's or all time's), with the catalog's names.</summary>
    public FeeFigures FeesOf(IReadOnlyDictionary<string, long> counts) => new(
        counts.GetValueOrDefault(FeeCounters.Total),
        [.. Named(counts, FeeCounters.ProcedurePrefix).Select(p => new ProcedureFee(p.Key, catalog.FindProcedure(p.Key)?.Name ?? p.Key, p.Value))],
        [.. Named(counts, FeeCounters.AgencyPrefix).Select(a => new AgencyFee(a.Key, catalog.FindAgency(a.Key)?.Name ?? a.Key, a.Value))]);

    /// <summary>The counters named <paramref name="prefix"/>{key} with an amount, by key.</summary>
    private static IEnumerable<KeyValuePair<string, long>> Named(IReadOnlyDictionary<string, long> counts, string prefix) => counts
        .Where(c => c.Key.StartsWith(prefix, StringComparison.Ordinal) && c.Value != 0)
        .Select(c => KeyValuePair.Create(c.Key[prefix.Length..], c.Value))
        .OrderBy(c => c.Key, StringComparer.Ordinal);

    public static FeedbackFigures FeedbackOf(IReadOnlyDictionary<string, long> counts) =>
        new(counts.GetValueOrDefault(FeedbackCounters.Received), counts.GetValueOrDefault(FeedbackCounters.Answered));

    public static double? AverageOf(IReadOnlyDictionary<string, long> counts) =>
        counts.GetValueOrDefault(FeedbackCounters.Ratings) is > 0 and var count
            ? Math.Round((double)counts.GetValueOrDefault(FeedbackCounters.RatingScoreSum) / count, 2)
            : null;

    public static double? OnTimeRate(int onTime, int processed) => processed > 0 ? Math.Round((double)onTime / processed, 4) : null;

    private ProcedureFigures ProcedureRow(string code, DayActivity.Tally tally)
    {
        var f = tally.Figures(byDossier: true);
        return new ProcedureFigures(code, catalog.FindProcedure(code)?.Name ?? code, f.Received, f.Forwarded, f.Processed, f.OnTime, f.Late);
    }

    private AgencyFigures AgencyRow(string id, DayActivity.Tally tally)
    {
        var f = tally.Figures(byDossier: false);
        return new AgencyFigures(id, catalog.FindAgency(id)?.Name ?? id, f.Received, f.Forwarded, f.Processed, f.OnTime, f.Late);
    }
}

/// <summary>A day's index rows, tallied in total, by procedure and by agency.</summary>
internal sealed class DayActivity
{
    public Tally Total { get; } = new();

    public Dictionary<string, Tally> ByProcedure { get; } = new(StringComparer.Ordinal);

    public Dictionary<string, Tally> ByAgency { get; } = new(StringComparer.Ordinal);

    public void Add(IndexRow row)
    {
        var kind = row.RowKey[..Math.Max(0, row.RowKey.IndexOf('|', StringComparison.Ordinal))];
        foreach (var tally in new[] { Total, For(ByProcedure, row.ProcedureCode), For(ByAgency, row.AgencyId) })
        {
            tally.Add(kind, row);
        }
    }

    private static Tally For(Dictionary<string, Tally> tallies, string? key)
    {
        key ??= "";
        if (!tallies.TryGetValue(key, out var tally))
        {
            tally = new Tally();
            tallies[key] = tally;
        }

        return tally;
    }

    internal sealed class Tally
    {
        // A fan-out dossier has one received row per agency: counted once as a dossier, once per delivery.
        private readonly HashSet<string> _dossiers = new(StringComparer.Ordinal);
        private int _deliveries;
        private int _forwarded;
        private int _onTime;
        private int _late;

        public void Add(string kind, IndexRow row)
        {
            switch (kind)
            {
                case ActivityKinds.Received:
                    _dossiers.Add(row.ItemId);
                    _deliveries++;
                    break;
                case ActivityKinds.Forwarded:
                    _forwarded++;
                    break;
                case ActivityKinds.Processed when row.OnTime == true:
                    _onTime++;
                    break;
                case ActivityKinds.Processed:
                    _late++;
                    break;
            }
        }

        public DossierFigures Figures(bool byDossier) =>
            new(byDossier ? _dossiers.Count : _deliveries, _forwarded, _onTime + _late, _onTime, _late, ReportBuilder.OnTimeRate(_onTime, _onTime + _late));
    }
}
