// The vnp_RequestId of every querydr and refund of this run: VNPay answers 94 to one it has seen.
using System.Collections.Concurrent;

namespace MotCua.DemoPayGate;

internal sealed class RequestIds
{
    private readonly ConcurrentDictionary<string, byte> _seen = new(StringComparer.Ordinal);

    /// <summary>False when the id was used before.</summary>
    public bool TryClaim(string requestId) => _seen.TryAdd(requestId, 0);
}
