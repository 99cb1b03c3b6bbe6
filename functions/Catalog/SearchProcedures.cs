using System.Text;
using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.Azure.Functions.Worker;

namespace MotCua.Catalog;

/// <summary><c>GET /api/procedures?q=&amp;agencyId=&amp;level=</c>: procedure summaries, accent-insensitive search.</summary>
/// <remarks>An unknown <c>agencyId</c> is a filter that matches nothing (200 []), not an error.</remarks>
internal sealed class SearchProcedures(ProcedureCatalog catalog)
{
    public const int MaxQueryLength = 200;

    [Function(nameof(SearchProcedures))]
    public Results<Ok<IReadOnlyList<ProcedureSummary>>, ValidationProblem> Run(
        [HttpTrigger(AuthorizationLevel.Anonymous, "get", Route = "procedures")] HttpRequest request)
    {
        string? q = request.Query["q"], agencyId = request.Query["agencyId"], level = request.Query["level"];
        var errors = new Dictionary<string, string[]>(StringComparer.Ordinal);
        if (!string.IsNullOrEmpty(q))
        {
            if (!SearchText.IsWellFormed(q))
            {
                errors["q"] = ["Từ khóa tìm kiếm chứa ký tự điều khiển hoặc ký tự không hợp lệ."];
            }
            else
            {
                q = q.Normalize(NormalizationForm.FormC);
                if (q.Length > MaxQueryLength)
                {
                    errors["q"] = [$"Từ khóa tìm kiếm dài tối đa {MaxQueryLength} ký tự."];
                }
            }
        }

        ServiceLevel? wanted = null;
        if (!string.IsNullOrEmpty(level))
        {
            wanted = ServiceLevels.Parse(level);
            if (wanted is null)
            {
                errors["level"] = ["Mức độ dịch vụ phải là \"partial\" (mức độ 3) hoặc \"full\" (mức độ 4)."];
            }
        }

        if (errors.Count > 0)
        {
            return TypedResults.ValidationProblem(errors, detail: "Tham số tìm kiếm thủ tục không hợp lệ.");
        }

        var agency = string.IsNullOrEmpty(agencyId) ? null : agencyId;
        return TypedResults.Ok<IReadOnlyList<ProcedureSummary>>([.. catalog.Search(q, agency, wanted).Select(ProcedureSummary.From)]);
    }
}
