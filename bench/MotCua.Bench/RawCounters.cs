// Counters.MoveAsync's storage calls: a random shard of the counter, read, then replaced with its ETag (or added),
// read again whenever another increment won the race.
using System.Globalization;
using Azure;
using Azure.Data.Tables;

namespace MotCua.Bench;

internal static class RawCounters
{
    private const int Shards = 8;

    public static async Task AddAsync(TableClient counters, string partition, string name, long by)
    {
        var key = $"{name}|{Random.Shared.Next(Shards).ToString("D2", CultureInfo.InvariantCulture)}";
        for (var attempt = 0; ; attempt++)
        {
            try
            {
                var found = await counters.GetEntityIfExistsAsync<TableEntity>(partition, key);
                if (found.HasValue && found.Value is { } row)
                {
                    row["Value"] = row.GetInt64("Value")!.Value + by;
                    await counters.UpdateEntityAsync(row, row.ETag, TableUpdateMode.Replace);
                }
                else
                {
                    await counters.AddEntityAsync(new TableEntity(partition, key) { ["Value"] = by });
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
