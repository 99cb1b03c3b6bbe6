// Asks the gateway (querydr) about checkout attempts left open past their expiry and settles them by its answer: every 15
// minutes for all of them (ReconcilePayments), and at once for one a citizen wants to replace by a new checkout.
using Azure.Data.Tables;
using MotCua.Storage;

namespace MotCua.Payments;

internal sealed class PaymentReconciliation(TableServiceClient tables, PaymentIndex index, GatewayClient gateway, PaymentSettlement settlement, TimeProvider clock,
    ILogger<PaymentReconciliation> logger)
{
    /// <summary>The most attempts one run asks about; the next run takes the rest.</summary>
    public const int Batch = 500;

    private readonly TableClient _dossiers = tables.GetTableClient(StorageNames.DossiersTable);

    /// <summary>Asks about every attempt past its expiry still listed open. Returns how many were settled.</summary>
    public async Task<int> RunAsync(CancellationToken cancellationToken)
    {
        var due = $"{clock.GetUtcNow().UtcTicks:D19}";
        var settled = 0;
        var asked = 0;
        await foreach (var open in index.Table.QueryAsync<OpenAttemptRow>(
            r => r.PartitionKey == PaymentIndex.OpenPartition && r.RowKey.CompareTo(due) < 0, maxPerPage: Batch, cancellationToken: cancellationToken))
        {
            if (++asked > Batch)
            {
                break;
            }

            if (await ReconcileAsync(open.DossierId, open.TxnRef, cancellationToken))
            {
                await index.Table.DeleteEntityAsync(open.PartitionKey, open.RowKey, open.ETag, cancellationToken);
                settled++;
            }
        }

        if (asked > 0)
        {
            logger.LogInformation("Reconciled {Settled} of {Asked} checkout attempts past their expiry", settled, Math.Min(asked, Batch));
        }

        return settled;
    }

    /// <summary>Settles one attempt by the gateway's answer; false when the gateway gave none, so it stays open.</summary>
    public async Task<bool> ReconcileAsync(PaymentAttemptRow attempt, CancellationToken cancellationToken) =>
        await ReconcileAsync(attempt.PartitionKey, attempt.TxnRef, cancellationToken, attempt);

    private async Task<bool> ReconcileAsync(string dossierId, string txnRef, CancellationToken cancellationToken, PaymentAttemptRow? known = null)
    {
        var attempt = known ?? await FindAsync(dossierId, txnRef, cancellationToken);
        if (attempt is null || attempt.State != PaymentStates.Pending)
        {
            return true;
        }

        if (await gateway.QueryAsync(attempt.TxnRef, attempt.OrderInfo, attempt.CreateDate, cancellationToken) is not { } answer
            || Report(attempt, answer) is not { } report)
        {
            return false;
        }

        return await settlement.SettleAsync(report, cancellationToken) != Settlement.Busy;
    }

    private async Task<PaymentAttemptRow?> FindAsync(string dossierId, string txnRef, CancellationToken cancellationToken)
    {
        var found = await _dossiers.GetEntityIfExistsAsync<PaymentAttemptRow>(dossierId, PaymentAttemptRow.KeyFor(txnRef),
            cancellationToken: cancellationToken);
        return found.HasValue ? found.Value : null;
    }

    /// <summary>
    /// What querydr's answer means for an attempt past its expiry: paid (00/00); unknown to the gateway (91) or never finished (00/01):
    /// expired, as the gateway takes no payment after the expiry; any other state: failed. Null for an answer that says nothing.
    /// </summary>
    internal static GatewayReport? Report(PaymentAttemptRow attempt, GatewayAnswer answer)
    {
        var outcome = (answer["vnp_ResponseCode"], answer["vnp_TransactionStatus"]) switch
        {
            ("00", "00") => GatewayOutcome.Paid,
            ("00", "01") or ("91", _) => GatewayOutcome.Expired,
            ("00", _) => GatewayOutcome.Failed,
            _ => (GatewayOutcome?)null,
        };
        return outcome is { } known
            ? new GatewayReport(attempt.TxnRef, known, GatewayReport.ParseAmount(answer["vnp_Amount"]),
                GatewayReport.TransactionNoOf(answer["vnp_TransactionNo"]),
                answer["vnp_BankCode"], GatewayReport.ParseTime(answer["vnp_PayDate"]), GatewayReport.QueryDr, answer.Raw)
            : null;
    }
}
