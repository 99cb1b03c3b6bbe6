// The payments' index partitions in the Indexes table, so ops lists and reconciliation never scan dossiers:
//   payments|{yyyy-MM-dd}  every payment, in the partition of the Vietnam day it entered its state (mismatch: the day found)
//   payments-open          checkout attempts still open, keyed by expiry, for ReconcilePayments
// Rows are upserted right after the change they describe; a lost write is repaired by the payment's next change.
using Azure;
using Azure.Data.Tables;
using MotCua.Hosting;
using MotCua.Storage;

namespace MotCua.Payments;

internal sealed class PaymentIndexRow : TableRow
{
    public string DossierId { get; set; } = "";

    public string ProcedureCode { get; set; } = "";

    public string? AgencyId { get; set; }

    public long AmountVnd { get; set; }

    public string Reason { get; set; } = "";

    /// <summary>The payment's state, or <c>mismatch</c> while the gateway and the portal disagree about it.</summary>
    public string State { get; set; } = "";

    public DateTimeOffset StatusAt { get; set; }

    public DateTimeOffset? PaidAt { get; set; }

    public string? GatewayTransactionNo { get; set; }

    public string? Mismatch { get; set; }
}

internal sealed class OpenAttemptRow : TableRow
{
    public string DossierId { get; set; } = "";

    public string TxnRef { get; set; } = "";
}

internal sealed class PaymentIndex(TableServiceClient tables, ILogger<PaymentIndex> logger)
{
    public const string Mismatch = "mismatch";
    public const string OpenPartition = "payments-open";

    public TableClient Table { get; } = tables.GetTableClient(StorageNames.IndexesTable);

    public static string DayPartition(DateOnly day) => $"payments|{day:yyyy-MM-dd}";

    public static string StateOf(PaymentRow payment) => payment.Mismatch is null ? payment.Status : Mismatch;

    /// <summary>The payment listed under its state and the day it entered it, and no longer under the day it left (if another).</summary>
    public async Task ChangedAsync(DossierRow dossier, PaymentRow payment, DateTimeOffset? before, CancellationToken cancellationToken)
    {
        var partition = DayPartition(Indexes.VietnamDay(payment.StatusAt));
        var row = new PaymentIndexRow
        {
            PartitionKey = partition, RowKey = payment.PaymentId, DossierId = dossier.PartitionKey, ProcedureCode = dossier.ProcedureCode,
            AgencyId = payment.AgencyId, AmountVnd = payment.AmountVnd, Reason = payment.Reason, State = StateOf(payment),
            StatusAt = payment.StatusAt, PaidAt = payment.PaidAt, GatewayTransactionNo = payment.GatewayTransactionNo, Mismatch = payment.Mismatch,
        };
        await BestEffortAsync(payment.PaymentId, async () =>
        {
            await Table.UpsertEntityAsync(row, TableUpdateMode.Replace, cancellationToken);
            if (before is { } previous && DayPartition(Indexes.VietnamDay(previous)) is var old && old != partition)
            {
                await Table.DeleteEntityAsync(old, payment.PaymentId, ETag.All, cancellationToken);
            }
        });
    }

    /// <summary>An attempt opened: listed for reconciliation from its expiry. Written before the attempt, so none is missed.</summary>
    public Task OpenedAsync(PaymentAttemptRow attempt, CancellationToken cancellationToken) =>
        Table.UpsertEntityAsync(OpenRow(attempt), TableUpdateMode.Replace, cancellationToken);

    /// <summary>An attempt settled: no longer to reconcile.</summary>
    public Task ClosedAsync(PaymentAttemptRow attempt, CancellationToken cancellationToken) =>
        BestEffortAsync(attempt.TxnRef, () => Table.DeleteEntityAsync(OpenPartition, OpenRow(attempt).RowKey, ETag.All, cancellationToken));

    public static OpenAttemptRow OpenRow(PaymentAttemptRow attempt) => new()
    {
        PartitionKey = OpenPartition, RowKey = $"{attempt.ExpiresAt.UtcTicks:D19}|{attempt.TxnRef}", DossierId = attempt.PartitionKey,
        TxnRef = attempt.TxnRef,
    };

    private async Task BestEffortAsync(string id, Func<Task> write)
    {
        try
        {
            await write();
        }
        catch (RequestFailedException ex) when (ex.Status == 404)
        {
            // Already gone.
        }
        catch (Exception ex) when (StorageOutage.IsStorageError(ex))
        {
            logger.LogWarning(ex, "The payment index was not updated for {PaymentId}", id);
        }
    }
}
