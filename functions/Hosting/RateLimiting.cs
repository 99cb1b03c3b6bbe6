// Every anonymous HTTP request is counted before its function runs, so a client past a budget gets 429 problem+json with
// Retry-After and its request stores nothing (API.md): writes per client and endpoint, an agency's events per agency, the IPN
// for the gateway (whose protocol has no 429: it gets its own 200 try-again, RspCode 99). A client's failed lookups (401, 404)
// are counted after the function ran, from the status of its answer, so that only failures count: a citizen reading their own
// dossier never spends that budget. They are counted on agency events too, so a forger spraying agency ids or signatures from
// one address is held back. This runs outside BearerAuthentication, whose 401 for a bad token is such a failure.
using System.Text;
using System.Threading.RateLimiting;
using Microsoft.Azure.Functions.Worker;
using Microsoft.Azure.Functions.Worker.Middleware;

namespace MotCua.Hosting;

internal sealed class RateLimiting(RateLimiters limiters, ClientAddress clients, ILogger<RateLimiting> logger) : IFunctionsWorkerMiddleware
{
    public async Task Invoke(FunctionContext context, FunctionExecutionDelegate next)
    {
        var policy = RatePolicy.Of(context.FunctionDefinition);
        if (context.GetHttpContext() is not { } http || policy is RatePolicy.Unlimited)
        {
            await next(context);
            return;
        }

        var client = ClientAddress.PartitionOf(clients.Of(http.Request));
        using (var left = limiters.Check(RateBudget.FailedLookups, client))
        {
            if (!left.IsAcquired)
            {
                Refuse(context, http, policy, RateBudget.FailedLookups, left);
                return;
            }
        }

        if (Spends(context, http, policy, client) is (var budget, var partition) && Refuses(context, http, policy, budget, partition))
        {
            return;
        }

        await next(context);
        if (StatusOf(context.GetInvocationResult().Value) is StatusCodes.Status401Unauthorized or StatusCodes.Status404NotFound)
        {
            Take(context, RateBudget.FailedLookups, client).Dispose();
        }
    }

    /// <summary>A permit of <paramref name="budget"/>; the one that spends a window's last is logged, once per partition and window.</summary>
    private RateLimitLease Take(FunctionContext context, RateBudget budget, string partition)
    {
        var lease = limiters.Take(budget, partition, out var spent);
        if (spent)
        {
            logger.LogWarning("{Partition} spent its {Budget} budget at {Function}: its requests are refused until the window ends",
                partition, budget, context.FunctionDefinition.Name);
        }

        return lease;
    }

    /// <summary>The budget and partition the request takes a permit from before it runs, if any: its caller's, or its client's at a write.</summary>
    private static (RateBudget, string)? Spends(FunctionContext context, HttpContext http, RatePolicy policy, string client)
    {
        var function = context.FunctionDefinition.Name;
        return policy switch
        {
            RatePolicy.PerCaller(var budget, null, _) => (budget, function),
            RatePolicy.PerCaller(var budget, { } routeKey, _) => (budget, $"{function}|{http.Request.RouteValues[routeKey]}"),
            _ when !HttpMethods.IsGet(http.Request.Method) && !HttpMethods.IsHead(http.Request.Method) => (RateBudget.Writes, $"{function}|{client}"),
            _ => null,
        };
    }

    private bool Refuses(FunctionContext context, HttpContext http, RatePolicy policy, RateBudget budget, string partition)
    {
        using var lease = Take(context, budget, partition);
        if (lease.IsAcquired)
        {
            return false;
        }

        Refuse(context, http, policy, budget, lease);
        return true;
    }

    /// <summary>429 problem+json with Retry-After; or, for callers whose protocol has no 429, their own 200 answer with Retry-After.</summary>
    private void Refuse(FunctionContext context, HttpContext http, RatePolicy policy, RateBudget budget, RateLimitLease lease)
    {
        var seconds = lease.TryGetMetadata(MetadataName.RetryAfter, out var retryAfter) ? Math.Max(1, (int)Math.Ceiling(retryAfter.TotalSeconds)) : 1;
        var function = context.FunctionDefinition.Name;
        logger.LogDebug("Refused {Function}: {Budget} spent, retry after {Seconds} s", function, budget, seconds);
        Telemetry.RateLimited.Add(1, new KeyValuePair<string, object?>("faas.name", function), new KeyValuePair<string, object?>("budget", budget.ToString()));
        http.Response.Headers.RetryAfter = $"{seconds}";
        if (policy is RatePolicy.PerCaller { RefusalJson: { } refusal })
        {
            context.GetInvocationResult().Value = TypedResults.Content(refusal, "application/json", Encoding.UTF8);
            return;
        }

        context.GetInvocationResult().Value = Problems.Status(StatusCodes.Status429TooManyRequests, budget switch
        {
            RateBudget.AgencyCallbacks => $"Cơ quan đã gửi quá nhiều sự kiện; vui lòng gửi lại sau {seconds} giây.",
            _ => $"Có quá nhiều yêu cầu từ địa chỉ của bạn; vui lòng thử lại sau {seconds} giây.",
        });
    }

    /// <summary>The status a function's answer will be written with, when it says (a typed result, or one of several).</summary>
    private static int? StatusOf(object? result) => result switch
    {
        INestedHttpResult nested => StatusOf(nested.Result),
        IStatusCodeHttpResult { StatusCode: { } status } => status,
        _ => null,
    };
}
