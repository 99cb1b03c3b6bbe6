using Microsoft.AspNetCore.Http.HttpResults;
using MotCua.Hosting;

namespace MotCua.Catalog;

/// <summary><c>GET /api/procedures/{code}</c>: the whole procedure, with its form fields and documents.</summary>
internal static class GetProcedure
{
    public static Results<Ok<Procedure>, ProblemHttpResult> Run(string code, ProcedureCatalog catalog) =>
        catalog.FindProcedure(code) is { } procedure
            ? TypedResults.Ok(procedure)
            : Problems.Status(StatusCodes.Status404NotFound, "Không tìm thấy thủ tục hành chính có mã này.");
}
