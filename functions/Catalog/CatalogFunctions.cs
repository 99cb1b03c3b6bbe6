using Microsoft.Extensions.DependencyInjection.Extensions;
using MotCua.Hosting;

namespace MotCua.Catalog;

internal static class CatalogFunctions
{
    public static FunctionRegistry AddCatalogFunctions(this FunctionRegistry functions) => functions
        .AddHttp(nameof(SearchProcedures), "GET", "procedures", AuthLevel.Anonymous, SearchProcedures.Run)
        .AddHttp(nameof(GetProcedure), "GET", "procedures/{code}", AuthLevel.Anonymous, GetProcedure.Run)
        .AddHttp(nameof(ListAgencies), "GET", "agencies", AuthLevel.Anonymous, ListAgencies.Run);

    /// <summary>Loads and checks the catalog now, so that a broken seed stops the app at startup.</summary>
    public static IServiceCollection AddCatalog(this IServiceCollection services)
    {
        services.TryAddSingleton(ProcedureCatalog.LoadEmbedded());
        return services;
    }
}
