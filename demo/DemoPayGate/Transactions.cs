// Every transaction of this run, in memory only: a restart forgets them, and querydr then answers 91 (decision 0011).
using System.Collections.Concurrent;
using System.Diagnostics.CodeAnalysis;

namespace MotCua.DemoPayGate;

internal sealed class Transactions
{
    private readonly ConcurrentDictionary<string, Transaction> _byTxnRef = new(StringComparer.Ordinal);

    public bool TryFind(string txnRef, [NotNullWhen(true)] out Transaction? transaction) => _byTxnRef.TryGetValue(txnRef, out transaction);

    /// <summary>Records a reference whose payment page was shown, so querydr can answer 01; one already known is kept.</summary>
    public void Shown(Transaction notFinished) => _byTxnRef.TryAdd(notFinished.TxnRef, notFinished);

    /// <summary>Records a payment's outcome; false when its reference was finished already (paid or cancelled in another tab).</summary>
    public bool TryFinish(Transaction finished)
    {
        while (true)
        {
            if (!_byTxnRef.TryGetValue(finished.TxnRef, out var current))
            {
                if (_byTxnRef.TryAdd(finished.TxnRef, finished))
                {
                    return true;
                }
            }
            else if (current.Status != Transaction.NotFinished)
            {
                return false;
            }
            else if (_byTxnRef.TryUpdate(finished.TxnRef, finished, current))
            {
                return true;
            }
        }
    }

    /// <summary>Replaces <paramref name="current"/> with <paramref name="next"/>; false when something else changed it first.</summary>
    public bool TryChange(Transaction current, Transaction next) => _byTxnRef.TryUpdate(current.TxnRef, next, current);
}
