using MotCua.Hosting;

namespace MotCua.Reporting;

internal static class ReportingFunctions
{
    public static FunctionRegistry AddReportingFunctions(this FunctionRegistry functions) => functions
        .AddTimer<DailyReport>(nameof(DailyReport), DailyReport.Schedule)
        .AddHttp(nameof(GetReport), "GET", "ops/reports/{date}", AuthLevel.Function, GetReport.HandleAsync)
        .AddHttp(nameof(ListReports), "GET", "ops/reports", AuthLevel.Function, ListReports.HandleAsync)
        .AddHttp(nameof(GetStats), "GET", "ops/stats", AuthLevel.Function, GetStats.HandleAsync)
        .AddHttp(nameof(CountVisit), "POST", "visits", AuthLevel.Anonymous, CountVisit.HandleAsync);

    public static IServiceCollection AddReporting(this IServiceCollection services) => services
        .AddSingleton<ReportBuilder>()
        .AddSingleton<ReportStore>();
}
