using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.Azure.Functions.Worker;

namespace MotCua.Catalog;

/// <summary><c>GET /api/agencies</c>: every agency of the catalog, with the province of the provincial ones.</summary>
internal sealed class ListAgencies(ProcedureCatalog catalog)
{
    [Function(nameof(ListAgencies))]
    public Ok<AgencySummary[]> Run([HttpTrigger(AuthorizationLevel.Anonymous, "get", Route = "agencies")] HttpRequest request) =>
        TypedResults.Ok(catalog.Agencies.Select(AgencySummary.From).ToArray());
}
