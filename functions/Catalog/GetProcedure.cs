using Microsoft.AspNetCore.Http.HttpResults;

namespace MotCua.Catalog;

/// <summary><c>GET /api/procedures/{code}</c>: the whole procedure, with its form fields and documents.</summary>
internal static class GetProcedure
{
    public static Results<Ok<Procedure>, ProblemHttpResult> Run(string code, ProcedureCatalog catalog) =>
        catalog.FindProcedure(code) is { } procedure
            ? TypedResults.Ok(procedure)
            : TypedResults.Problem(title: "Not Found", detail: "Không tìm thấy thủ tục hành chính có mã này.",
                statusCode: StatusCodes.Status404NotFound);
}
