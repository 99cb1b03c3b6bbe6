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

    /// <summary>
    /// The first key after every key that starts with <paramref name="prefix"/>: a range query from the prefix (inclusive) to this
    /// (exclusive) takes exactly the keys that start with it. Keys compare by UTF-16 code unit, so the prefix's last one is raised.
    /// </summary>
    public static string KeysAfter(string prefix) => prefix[..^1] + (char)(prefix[^1] + 1);
}
