// A signed-in account's partition (table Accounts, PartitionKey = account id): opened by the identity's first call, and counted
// then, citizens and businesses apart (the portal's first published figure).
using Azure;
using Azure.Data.Tables;
using MotCua.Hosting;
using MotCua.Storage;

namespace MotCua.Accounts;

internal sealed class AccountStore(TableServiceClient tables, Counters counters, TimeProvider clock)
{
    /// <summary>Counters of accounts opened, <c>accounts.citizen</c> and <c>accounts.business</c>.</summary>
    public const string CounterPrefix = "accounts.";

    public TableClient Table { get; } = tables.GetTableClient(StorageNames.AccountsTable);

    /// <summary>The account of <paramref name="who"/>, opened (and counted) on its first call.</summary>
    public async Task<AccountRow> EnsureAsync(SignedIn who, CancellationToken cancellationToken)
    {
        var found = await Table.GetEntityIfExistsAsync<AccountRow>(who.AccountId, AccountRow.Key, cancellationToken: cancellationToken);
        if (found.HasValue && found.Value is { } existing)
        {
            return existing;
        }

        var account = new AccountRow
        {
            PartitionKey = who.AccountId,
            RowKey = AccountRow.Key,
            Kind = who.Kind,
            FullName = who.FullName,
            Identifier = who.IdNumber is { } idNumber ? Vietnam.Identifiers.Mask(idNumber) : who.TaxCode!,
            Since = clock.GetUtcNow(),
        };
        try
        {
            await Table.AddEntityAsync(account, cancellationToken);
        }
        catch (RequestFailedException ex) when (ex.Status == StatusCodes.Status409Conflict)
        {
            // Opened by a concurrent first call: that one counted it.
            return (await Table.GetEntityAsync<AccountRow>(who.AccountId, AccountRow.Key, cancellationToken: cancellationToken)).Value;
        }

        await counters.AddAsync(CounterPrefix + who.Kind, cancellationToken: cancellationToken);
        return account;
    }
}
