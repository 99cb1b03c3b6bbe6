// Timer, every 15 minutes: checkout attempts left open past their expiry are asked about at the gateway and settled.
using Microsoft.Azure.Functions.Worker;

namespace MotCua.Payments;

internal sealed class ReconcilePayments(PaymentReconciliation reconciliation)
{
    public const string Schedule = "0 */15 * * * *";

    [Function(nameof(ReconcilePayments))]
    public Task RunAsync([TimerTrigger(Schedule)] TimerInfo timer, CancellationToken cancellationToken) => reconciliation.RunAsync(cancellationToken);
}
