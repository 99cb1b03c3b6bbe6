using MotCua.Webhooks;

namespace MotCua.Status;

internal static class StatusServices
{
    public static IServiceCollection AddStatus(this IServiceCollection services)
    {
        services.AddSingleton<DossierAccess>();
        services.AddSingleton<AccountDossiers>();
        services.AddSingleton<DossierFiles>();
        services.AddSingleton<DossierViews>();
        services.AddSingleton<IDeliveryStatus, DeliveryStatus>();
        services.AddSingleton<AgencyMoves>();
        services.AddSingleton<IAgencyEventHandler, StatusChangedHandler>();
        services.AddSingleton<IAgencyEventHandler, ResultIssuedHandler>();
        return services;
    }
}
