namespace MotCua.Status;

internal static class StatusServices
{
    public static IServiceCollection AddStatus(this IServiceCollection services)
    {
        services.AddSingleton<DossierAccess>();
        services.AddSingleton<DossierViews>();
        return services;
    }
}
