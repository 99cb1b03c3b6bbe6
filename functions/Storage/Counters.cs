// Figures ops read often (feedback received, ratings, visits…), kept as they happen so that nobody counts by
// scanning tables. Each counter is spread over shards, so a busy counter is not one hot entity: an increment
// touches a random shard with optimistic concurrency, a read sums the shards of one partition.
using System.Globalization;
using Azure;
using Azure.Data.Tables;
using MotCua.Hosting;
using MotCua.Vietnam;

namespace MotCua.Storage;

internal sealed class CounterRow : TableRow
{
    public long Value { get; set; }
}

internal sealed class Counters(TableServiceClient tables, TimeProvider clock, ILogger<Counters> logger)
{
    public const int Shards = 8;

    /// <summary>The partition of all-time totals; each day's figures live in partition <c>day-yyyy-MM-dd</c> (Vietnam date).</summary>
    public const string Total = "total";

    /// <summary>Counters of live deliveries by status are named <c>status.{status}</c>.</summary>
    public const string StatusPrefix = "status.";

    private readonly TableClient _table = tables.GetTableClient(StorageNames.CountersTable);

    public static string Day(DateOnly date) => $"day-{date:yyyy-MM-dd}";

    /// <summary>Adds <paramref name="by"/> to the all-time total and to today's figure. Best effort: a failure is logged, not thrown.</summary>
    public Task AddAsync(string name, long by = 1, CancellationToken cancellationToken = default)
    {
        var today = DateOnly.FromDateTime(VietnamTime.Of(clock.GetUtcNow()).DateTime);
        return BestEffortAsync(name, AddToShardAsync(Total, name, by, cancellationToken), AddToShardAsync(Day(today), name, by, cancellationToken));
    }

    /// <summary>Live deliveries by status (<c>status.{name}</c> in <see cref="Total"/>): a delivery leaving one status and entering another.</summary>
    public Task MoveAsync(string? from, string to, int deliveries = 1, CancellationToken cancellationToken = default) =>
        BestEffortAsync(StatusPrefix + to,
            from is null ? Task.CompletedTask : AddToShardAsync(Total, StatusPrefix + from, -deliveries, cancellationToken),
            AddToShardAsync(Total, StatusPrefix + to, deliveries, cancellationToken));

    private async Task BestEffortAsync(string name, params Task[] updates)
    {
        try
        {
            await Task.WhenAll(updates);
        }
        catch (Exception ex) when (StorageOutage.IsStorageError(ex))
        {
            logger.LogWarning(ex, "Counter {Counter} could not be updated", name);
        }
    }

    /// <summary>Every counter of one partition (<see cref="Total"/> or a <see cref="Day"/>), summed over its shards.</summary>
    public async Task<Dictionary<string, long>> ReadAsync(string partition, CancellationToken cancellationToken)
    {
        var totals = new Dictionary<string, long>(StringComparer.Ordinal);
        await foreach (var row in _table.QueryAsync<CounterRow>(r => r.PartitionKey == partition, cancellationToken: cancellationToken))
        {
            var name = row.RowKey[..row.RowKey.LastIndexOf('|')];
            totals[name] = totals.GetValueOrDefault(name) + row.Value;
        }

        return totals;
    }

    private async Task AddToShardAsync(string partition, string name, long by, CancellationToken cancellationToken)
    {
        var key = $"{name}|{Random.Shared.Next(Shards).ToString("D2", CultureInfo.InvariantCulture)}";
        for (var attempt = 0; ; attempt++)
        {
            try
            {
                var found = await _table.GetEntityIfExistsAsync<CounterRow>(partition, key, cancellationToken: cancellationToken);
                if (found.HasValue && found.Value is { } row)
                {
                    row.Value += by;
                    await _table.UpdateEntityAsync(row, row.ETag, TableUpdateMode.Replace, cancellationToken);
                }
                else
                {
                    await _table.AddEntityAsync(new CounterRow { PartitionKey = partition, RowKey = key, Value = by }, cancellationToken);
                }

                return;
            }
            catch (RequestFailedException ex) when (ex.Status is 409 or 412 && attempt < 20)
            {
                // Another increment of the same shard won the race; read it again.
            }
        }
    }
}
