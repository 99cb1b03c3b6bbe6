using Azure;
using Azure.Data.Tables;

namespace MotCua.Storage;

/// <summary>The keys, timestamp and ETag every typed table row carries.</summary>
public abstract class TableRow : ITableEntity
{
    public string PartitionKey { get; set; } = "";

    public string RowKey { get; set; } = "";

    public DateTimeOffset? Timestamp { get; set; }

    public ETag ETag { get; set; }
}
