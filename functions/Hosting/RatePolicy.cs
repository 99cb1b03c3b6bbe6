// Which budgets a function's requests count against, read once from the function's own declaration: an anonymous HTTP function
// is counted per client address (its failed lookups, and its writes when the request is not a read), except that one naming its
// callers with [RateLimitedPerCaller] has its requests counted per caller instead of as writes; a function behind a key (ops,
// admin: the host checks the key) and queue and timer functions are not limited. A new anonymous function is limited without
// anyone remembering to.
using System.Collections.Concurrent;
using System.Reflection;
using Microsoft.Azure.Functions.Worker;

namespace MotCua.Hosting;

internal abstract record RatePolicy
{
    private static readonly ConcurrentDictionary<string, RatePolicy> Known = new(StringComparer.Ordinal);

    private RatePolicy()
    {
    }

    internal sealed record Unlimited : RatePolicy;

    internal sealed record PerClient : RatePolicy;

    /// <param name="RouteKey">The route value that names the caller; null when every caller shares the budget.</param>
    /// <param name="RefusalJson">The 200 answer of a refused request, when the callers' protocol has no 429; else null.</param>
    internal sealed record PerCaller(RateBudget Budget, string? RouteKey, string? RefusalJson = null) : RatePolicy;

    public static RatePolicy Of(FunctionDefinition function) => Known.GetOrAdd(function.EntryPoint, Read);

    /// <summary>The policy of the worker's method <paramref name="entryPoint"/> (<c>Namespace.Class.Method</c>, as functions.metadata names it).</summary>
    public static RatePolicy Read(string entryPoint)
    {
        var dot = entryPoint.LastIndexOf('.');
        var method = typeof(RatePolicy).Assembly.GetType(entryPoint[..dot])?.GetMethod(entryPoint[(dot + 1)..])
            ?? throw new InvalidOperationException($"The function entry point {entryPoint} is not a method of {typeof(RatePolicy).Assembly.GetName().Name}.");
        var trigger = method.GetParameters().Select(p => p.GetCustomAttribute<HttpTriggerAttribute>()).OfType<HttpTriggerAttribute>().FirstOrDefault();
        if (trigger is not { AuthLevel: AuthorizationLevel.Anonymous })
        {
            return new Unlimited();
        }

        return method.GetCustomAttribute<RateLimitedPerCallerAttribute>() is { } caller ? new PerCaller(caller.Budget, caller.RouteKey, caller.RefusalJson) : new PerClient();
    }
}
