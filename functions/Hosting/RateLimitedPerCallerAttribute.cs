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
}
