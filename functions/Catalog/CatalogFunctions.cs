using MotCua.Hosting;

namespace MotCua.Catalog;

// PLACEHOLDER: replaced by the catalog work.
internal static class CatalogFunctions
{
    public static FunctionRegistry AddCatalogFunctions(this FunctionRegistry functions) => functions;

    public static IServiceCollection AddCatalog(this IServiceCollection services) => services;
}
