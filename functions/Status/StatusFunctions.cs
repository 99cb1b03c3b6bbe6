using MotCua.Hosting;

namespace MotCua.Status;

internal static class StatusFunctions
{
    public static FunctionRegistry AddStatusFunctions(this FunctionRegistry functions) => functions
        .AddHttp(nameof(GetDossier), "GET", "dossiers/{id}", AuthLevel.Anonymous, GetDossier.HandleAsync)
        .AddHttp("GetAttachment", "GET", "dossiers/{id}/attachments/{fileId}", AuthLevel.Anonymous, GetDossier.AttachmentAsync)
        .AddHttp("GetResult", "GET", "dossiers/{id}/results/{fileId}", AuthLevel.Anonymous, GetDossier.ResultAsync)
        .AddHttp(nameof(WithdrawDossier), "POST", "dossiers/{id}/withdraw", AuthLevel.Anonymous, WithdrawDossier.HandleAsync)
        .AddHttp(nameof(AgencyEvents), "POST", "agencies/{agencyId}/events", AuthLevel.Anonymous, AgencyEvents.HandleAsync);

    public static IServiceCollection AddStatus(this IServiceCollection services)
    {
        services.AddSingleton<DossierAccess>();
        services.AddSingleton<DossierViews>();
        services.AddScoped<AgencyEvents>();
        services.AddScoped<WithdrawDossier>();
        return services;
    }
}
