// POST /api/visits (anonymous): the front end counts one page view; the figure ops publish as "lượt truy cập".
using Microsoft.AspNetCore.Http.HttpResults;
using MotCua.Storage;
using Microsoft.Azure.Functions.Worker;

namespace MotCua.Reporting;

internal sealed class CountVisit(Counters counters)
{
    public const string Counter = "visits";

    [Function(nameof(CountVisit))]
    public async Task<NoContent> Run(
        [HttpTrigger(AuthorizationLevel.Anonymous, "post", Route = "visits")] HttpRequest request, CancellationToken cancellationToken)
    {
        await counters.AddAsync(Counter, cancellationToken: cancellationToken);
        return TypedResults.NoContent();
    }
}
