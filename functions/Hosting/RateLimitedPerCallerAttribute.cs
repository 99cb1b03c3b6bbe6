namespace MotCua.Hosting;

/// <summary>
/// The function's callers are systems that name themselves, not citizens: its requests count against <paramref name="budget"/> per
/// caller (the route value <paramref name="routeKey"/>, an agency's id), or for all callers together when there is no route key (the
/// payment gateway), instead of as writes per client address. Its 401s and 404s still count as the client's failed lookups.
/// </summary>
[AttributeUsage(AttributeTargets.Method)]
internal sealed class RateLimitedPerCallerAttribute(RateBudget budget, string? routeKey = null) : Attribute
{
    public RateBudget Budget => budget;

    public string? RouteKey => routeKey;

    /// <summary>
    /// For callers whose protocol knows only <c>200</c> JSON (the gateway's IPN, API.md): the JSON a refused request is answered
    /// with, with <c>200</c> and <c>Retry-After</c>, in place of <c>429</c> problem+json.
    /// </summary>
    public string? RefusalJson { get; init; }
}
