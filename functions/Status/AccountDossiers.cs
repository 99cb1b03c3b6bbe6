// The account's list of its dossiers (AccountDossierRow in its partition), with each one's current status and fee due: written at
// submission and again after each move, fee or withdrawal, so "my dossiers" is one query of the account's partition, never a
// read of each dossier.
using Azure;
using Azure.Data.Tables;
using MotCua.Storage;

namespace MotCua.Status;

internal sealed class AccountDossiers(TableServiceClient tables, ILogger<AccountDossiers> logger)
{
    private readonly TableClient _accounts = tables.GetTableClient(StorageNames.AccountsTable);

    /// <summary>
    /// Writes the account's row of <paramref name="partition"/>'s dossier as it stands, with <paramref name="documents"/> it adds to the
    /// account's store, in one transaction: at submission, and after each move, fee or withdrawal. Best effort after the change itself is
    /// stored: a failure is logged, and the next change writes the dossier's row again.
    /// </summary>
    public async Task RefreshAsync(DossierPartition partition, IReadOnlyList<DocumentRow> documents, CancellationToken cancellationToken)
    {
        if (partition.Dossier is not { AccountId: { } accountId } dossier)
        {
            return;
        }

        var status = DossierStatus.Of(partition.Deliveries.Select(d => d.Status));
        var row = new AccountDossierRow
        {
            PartitionKey = accountId,
            RowKey = AccountDossierRow.KeyFor(dossier.SubmittedAt, partition.DossierId),
            DossierId = partition.DossierId,
            ProcedureCode = dossier.ProcedureCode,
            ProcedureName = dossier.ProcedureName,
            Status = status,
            SubmittedAt = dossier.SubmittedAt,
            DueAt = dossier.DueAt,
            PayableVnd = DossierStatus.IsFinal(status)
                ? 0
                : partition.Payments.Where(p => !PaymentStates.IsSettled(p.Status)).Sum(p => p.AmountVnd),
        };
        try
        {
            await _accounts.SubmitTransactionAsync(documents.Cast<TableRow>().Prepend(row)
                .Select(entity => new TableTransactionAction(TableTransactionActionType.UpsertReplace, entity)), cancellationToken);
        }
        catch (Exception ex) when (ex is RequestFailedException or TableTransactionFailedException)
        {
            logger.LogWarning(ex, "The account's list entry of {DossierId} could not be refreshed", partition.DossierId);
        }
    }

    /// <summary>Reads the dossier's partition and refreshes its account row (and its new result documents), when it has an account.</summary>
    public async Task RefreshAsync(DossierRow dossier, CancellationToken cancellationToken)
    {
        if (dossier.AccountId is not { } accountId)
        {
            return;
        }

        var partition = await DossierPartition.LoadAsync(tables.GetTableClient(StorageNames.DossiersTable), dossier.PartitionKey, cancellationToken);
        await RefreshAsync(partition, [.. partition.Results.Where(r => r.DocumentId is not null).Select(r => DocumentRow.Of(accountId, r, dossier.ProcedureName))],
            cancellationToken);
    }
}
