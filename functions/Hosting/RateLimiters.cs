// The budgets of RateLimitsOptions as fixed windows (System.Threading.RateLimiting), one window per partition: a client, a client
// at one endpoint, an agency, the gateway. In this instance's memory only (decision 0017). Partitions that have had their whole
// budget back for a while are dropped, so memory follows the clients of the last minutes. Wall time, as the BCL's limiters keep
// it: the app's TimeProvider is the clock tests set and move.
using System.Threading.RateLimiting;
using Microsoft.Extensions.Options;

namespace MotCua.Hosting;

internal sealed class RateLimiters : IDisposable
{
    private readonly Dictionary<RateBudget, PartitionedRateLimiter<string>> _limiters;

    /// <summary>Locks by partition, so that a take and the count left after it are one step for requests of the same partition.</summary>
    private readonly object[] _stripes = [.. Enumerable.Range(0, 64).Select(_ => new object())];

    public RateLimiters(IOptions<RateLimitsOptions> options) =>
        _limiters = Enum.GetValues<RateBudget>().ToDictionary(budget => budget, budget => Create(options.Value.Of(budget)));

    /// <summary>
    /// Takes one request from <paramref name="partition"/>'s budget; a refused lease says when to ask again (RetryAfter).
    /// <paramref name="spent"/> is true for the one request of a window that took its last permit, however many run at once.
    /// </summary>
    public RateLimitLease Take(RateBudget budget, string partition, out bool spent)
    {
        var limiter = _limiters[budget];
        lock (_stripes[(uint)partition.GetHashCode() % _stripes.Length])
        {
            var lease = limiter.AttemptAcquire(partition);
            spent = lease.IsAcquired && limiter.GetStatistics(partition)?.CurrentAvailablePermits == 0;
            return lease;
        }
    }

    /// <summary>Whether <paramref name="partition"/> has any budget left, taking none: for what is counted only once it happened.</summary>
    public RateLimitLease Check(RateBudget budget, string partition) => _limiters[budget].AttemptAcquire(partition, 0);

    public void Dispose()
    {
        foreach (var limiter in _limiters.Values)
        {
            limiter.Dispose();
        }
    }

    private static PartitionedRateLimiter<string> Create(RateBudgetOptions budget) =>
        PartitionedRateLimiter.Create<string, string>(partition => RateLimitPartition.GetFixedWindowLimiter(partition, _ => new FixedWindowRateLimiterOptions
        {
            PermitLimit = budget.PermitLimit,
            Window = budget.Window,
            QueueLimit = 0,
            AutoReplenishment = true,
        }));
}
