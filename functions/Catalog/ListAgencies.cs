using Microsoft.AspNetCore.Http.HttpResults;

namespace MotCua.Catalog;

/// <summary><c>GET /api/agencies</c>: every agency of the catalog, with the province of the provincial ones.</summary>
internal static class ListAgencies
{
    public static Ok<AgencySummary[]> Run(ProcedureCatalog catalog) =>
        TypedResults.Ok(catalog.Agencies.Select(AgencySummary.From).ToArray());
}
