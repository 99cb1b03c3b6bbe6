using Microsoft.AspNetCore.Http.HttpResults;
using MotCua.Hosting;
using Microsoft.Azure.Functions.Worker;

namespace MotCua.Catalog;

/// <summary><c>GET /api/procedures/{code}</c>: the whole procedure, with its form fields and documents.</summary>
internal sealed class GetProcedure(ProcedureCatalog catalog)
{
    [Function(nameof(GetProcedure))]
    public Results<Ok<Procedure>, ProblemHttpResult> Run(
        [HttpTrigger(AuthorizationLevel.Anonymous, "get", Route = "procedures/{code}")] HttpRequest request, string code) =>
        catalog.FindProcedure(code) is { } procedure
            ? TypedResults.Ok(procedure)
            : Problems.Status(StatusCodes.Status404NotFound, "Không tìm thấy thủ tục hành chính có mã này.");
}
