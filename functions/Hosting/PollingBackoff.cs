namespace MotCua.Hosting;

/// <summary>
/// The Functions host's delay between polls of a queue that is empty or failing: from the minimum, roughly
/// doubling on every miss (randomised by ±20% so listeners do not poll in step), capped at maxPollingInterval.
/// </summary>
internal sealed class PollingBackoff(TimeSpan minimum, TimeSpan maximum)
{
    // Beyond this the doubled delay is far above any sensible maxPollingInterval; stopping here keeps the arithmetic finite.
    private const int MaxExponent = 20;

    private readonly TimeSpan _maximum = maximum > minimum ? maximum : minimum;
    private int _exponent;

    public TimeSpan Minimum => minimum;

    /// <summary>Messages arrived: start again from the minimum after the next miss.</summary>
    public void Reset() => _exponent = 0;

    public TimeSpan NextMiss()
    {
        var jitter = 0.8 + (0.4 * Random.Shared.NextDouble());
        var delay = minimum + (minimum * (Math.Pow(2, _exponent) * jitter));
        _exponent = Math.Min(_exponent + 1, MaxExponent);
        return delay < _maximum ? delay : _maximum;
    }
}
