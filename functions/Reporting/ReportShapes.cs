// The shapes of the ops figures (ops contract): the daily report, the live stats and the 30-day series.
// Positional records, so the JSON follows the order the contract lists.

namespace MotCua.Reporting;

/// <summary>
/// A day's dossier activity. <c>Received</c> counts dossiers in totals and by procedure but deliveries by agency
/// (a fan-out dossier reaches several agencies); forwarded and processed always count deliveries.
/// </summary>
/// <param name="OnTimeRate">OnTime / Processed, rounded to 4 places; null when nothing was processed.</param>
internal sealed record DossierFigures(int Received, int Forwarded, int Processed, int OnTime, int Late, double? OnTimeRate);

internal sealed record ProcedureFigures(string ProcedureCode, string ProcedureName, int Received, int Forwarded, int Processed, int OnTime, int Late);

internal sealed record AgencyFigures(string AgencyId, string AgencyName, int Received, int Forwarded, int Processed, int OnTime, int Late);

internal sealed record FeedbackFigures(long Received, long Answered);

/// <param name="Average">Mean score rounded to 2 places; null when nobody rated.</param>
/// <param name="ByScore">How many ratings gave each score, keyed "1" to "5".</param>
internal sealed record RatingFigures(long Count, double? Average, IReadOnlyDictionary<string, long> ByScore);

internal sealed record RatingSummary(long Count, double? Average);

/// <summary>Procedures in the catalog by online service level (mức độ 3 = partial, mức độ 4 = full).</summary>
internal sealed record LevelFigures(int Partial, int Full);

/// <summary>Fees and charges collected online (paid, less refunded), in whole đồng, in total, by procedure and by the agency they were for.</summary>
internal sealed record FeeFigures(long TotalVnd, IReadOnlyList<ProcedureFee> ByProcedure, IReadOnlyList<AgencyFee> ByAgency);

internal sealed record ProcedureFee(string ProcedureCode, string ProcedureName, long AmountVnd);

internal sealed record AgencyFee(string AgencyId, string AgencyName, long AmountVnd);

/// <summary>Accounts of signed-in citizens and businesses: all of them (live figures), or those opened on the day (the daily report).</summary>
internal sealed record AccountFigures(long Citizen, long Business);

/// <param name="Date">The Vietnam day reported.</param>
/// <param name="Accounts">The accounts opened that day.</param>
internal sealed record DailyReportDocument(
    DateOnly Date,
    DateTimeOffset GeneratedAt,
    DossierFigures Dossiers,
    IReadOnlyList<ProcedureFigures> ByProcedure,
    IReadOnlyList<AgencyFigures> ByAgency,
    FeedbackFigures Feedback,
    RatingFigures Ratings,
    LevelFigures ProceduresByLevel,
    long Visits,
    AccountFigures? Accounts = null,
    FeeFigures? Fees = null);

/// <summary>One point of the dashboard's chart: a day with a stored report.</summary>
internal sealed record ReportSummary(DateOnly Date, int Received, int Processed, int OnTime, int Late, double? OnTimeRate);

/// <param name="DeliveriesByStatus">Live deliveries in each status (every status listed, 0 when none).</param>
/// <param name="Today">Today's activity so far (Vietnam day), computed from today's index partition.</param>
/// <param name="Feedback">All-time totals.</param>
/// <param name="Ratings">All-time totals.</param>
/// <param name="FeesToday">Fees collected today (Vietnam day).</param>
/// <param name="Fees">Fees collected, all time.</param>
internal sealed record StatsView(
    DateTimeOffset GeneratedAt,
    long Visits,
    AccountFigures Accounts,
    IReadOnlyDictionary<string, long> DeliveriesByStatus,
    DossierFigures Today,
    FeedbackFigures Feedback,
    RatingSummary Ratings,
    LevelFigures ProceduresByLevel,
    FeeFigures FeesToday,
    FeeFigures Fees);
