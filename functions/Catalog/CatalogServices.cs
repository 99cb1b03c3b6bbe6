using Microsoft.Extensions.DependencyInjection.Extensions;

namespace MotCua.Catalog;

internal static class CatalogServices
{
    /// <summary>Loads and checks the catalog now, so that a broken seed stops the app at startup.</summary>
    public static IServiceCollection AddCatalog(this IServiceCollection services)
    {
        services.TryAddSingleton(ProcedureCatalog.LoadEmbedded());
        return services;
    }
}
