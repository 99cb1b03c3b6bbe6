namespace MotCua.Reporting;

internal static class ReportingServices
{
    public static IServiceCollection AddReporting(this IServiceCollection services) => services
        .AddSingleton<ReportBuilder>()
        .AddSingleton<ReportStore>();
}
