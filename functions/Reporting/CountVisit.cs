// POST /api/visits (anonymous): the front end counts one page view; the figure ops publish as "lượt truy cập".
using Microsoft.AspNetCore.Http.HttpResults;
using MotCua.Storage;

namespace MotCua.Reporting;

internal static class CountVisit
{
    public const string Counter = "visits";

    public static async Task<NoContent> HandleAsync(Counters counters, CancellationToken cancellationToken)
    {
        await counters.AddAsync(Counter, cancellationToken: cancellationToken);
        return TypedResults.NoContent();
    }
}
