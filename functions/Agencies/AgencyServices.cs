namespace MotCua.Agencies;

internal static class AgencyServices
{
    public static IServiceCollection AddAgencies(this IServiceCollection services) => services.AddSingleton<AgencyDirectory>();
}
