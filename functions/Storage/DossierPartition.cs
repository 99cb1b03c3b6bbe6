// A dossier's partition sorted into its typed rows by row-key prefix: the whole of it in one query, or only the
// rows a caller names, each by a point read.
using System.Collections.Concurrent;
using System.Reflection;
using Azure;
using Azure.Data.Tables;

namespace MotCua.Storage;

public sealed class DossierPartition
{
    private static readonly ConcurrentDictionary<Type, PropertyInfo[]> Properties = new();

    private DossierPartition(string dossierId) => DossierId = dossierId;

    public string DossierId { get; }

    public DossierRow? Dossier { get; private set; }

    /// <summary>Set instead of <see cref="Dossier"/> when the partition holds a feedback item.</summary>
    public FeedbackRow? Feedback { get; private set; }

    public RatingRow? Rating { get; private set; }

    /// <summary>Set instead of <see cref="Dossier"/> when the partition holds a notice to an agency (no deliveries).</summary>
    public NoticeRow? Notice { get; private set; }

    public List<DeliveryRow> Deliveries { get; } = [];

    public List<HistoryRow> History { get; } = [];

    public List<FileRow> Attachments { get; } = [];

    public List<FileRow> Results { get; } = [];

    public List<OutboundEventRow> Events { get; } = [];

    public List<AttemptRow> Attempts { get; } = [];

    public DeliveryRow? DeliveryFor(string agencyId) => Deliveries.Find(d => d.AgencyId == agencyId);

    /// <summary>
    /// The action every change a citizen can see adds to its transaction: it stamps <see cref="DossierRow.ChangedAt"/> whatever the
    /// row's ETag (so it adds no contention) and thereby moves that ETag, which is what the lookup's cache checks.
    /// </summary>
    public TableTransactionAction Touch(DateTimeOffset at) => new(TableTransactionActionType.UpdateMerge,
        new TableEntity(DossierId, DossierRow.Key) { [nameof(DossierRow.ChangedAt)] = at }, ETag.All);

    /// <summary>Reads the partition; <see cref="Dossier"/> (or <see cref="Feedback"/>) is null when no such item exists.</summary>
    public static async Task<DossierPartition> LoadAsync(TableClient dossiers, string dossierId, CancellationToken cancellationToken)
    {
        var partition = new DossierPartition(dossierId);
        await foreach (var entity in dossiers.QueryAsync<TableEntity>(e => e.PartitionKey == dossierId, cancellationToken: cancellationToken))
        {
            partition.Add(entity);
        }

        return partition;
    }

    /// <summary>
    /// Reads only the named rows, by concurrent point reads, and leaves out those that do not exist. A point read costs
    /// the same however large the table grows; a query of the partition costs that on Azure, but on Azurite it scans the
    /// whole table (docs/decisions/0007).
    /// </summary>
    public static async Task<DossierPartition> LoadRowsAsync(TableClient dossiers, string dossierId, IEnumerable<string> rowKeys,
        CancellationToken cancellationToken)
    {
        var partition = new DossierPartition(dossierId);
        var rows = await Task.WhenAll(rowKeys.Distinct(StringComparer.Ordinal)
            .Select(key => dossiers.GetEntityIfExistsAsync<TableEntity>(dossierId, key, cancellationToken: cancellationToken)));
        foreach (var row in rows.Where(row => row.HasValue))
        {
            partition.Add(row.Value!);
        }

        return partition;
    }

    private void Add(TableEntity entity)
    {
        var key = entity.RowKey;
        if (key == DossierRow.Key)
        {
            Dossier = As<DossierRow>(entity);
        }
        else if (key == FeedbackRow.Key)
        {
            Feedback = As<FeedbackRow>(entity);
        }
        else if (key == RatingRow.Key)
        {
            Rating = As<RatingRow>(entity);
        }
        else if (key == NoticeRow.Key)
        {
            Notice = As<NoticeRow>(entity);
        }
        else if (key.StartsWith(DeliveryRow.Prefix, StringComparison.Ordinal))
        {
            Deliveries.Add(As<DeliveryRow>(entity));
        }
        else if (key.StartsWith(HistoryRow.Prefix, StringComparison.Ordinal))
        {
            History.Add(As<HistoryRow>(entity));
        }
        else if (key.StartsWith(FileRow.AttachmentPrefix, StringComparison.Ordinal))
        {
            Attachments.Add(As<FileRow>(entity));
        }
        else if (key.StartsWith(FileRow.ResultPrefix, StringComparison.Ordinal))
        {
            Results.Add(As<FileRow>(entity));
        }
        else if (key.StartsWith(OutboundEventRow.Prefix, StringComparison.Ordinal))
        {
            Events.Add(As<OutboundEventRow>(entity));
        }
        else if (key.StartsWith(AttemptRow.Prefix, StringComparison.Ordinal))
        {
            Attempts.Add(As<AttemptRow>(entity));
        }
    }

    /// <summary>Copies a loosely typed entity into a row class, property by property (as the SDK's typed queries do).</summary>
    private static T As<T>(TableEntity entity) where T : DossierPartitionRow, new()
    {
        var row = new T { PartitionKey = entity.PartitionKey, RowKey = entity.RowKey, Timestamp = entity.Timestamp, ETag = entity.ETag };
        foreach (var property in Properties.GetOrAdd(typeof(T), type => type.GetProperties().Where(p => p.CanWrite && p.DeclaringType == type).ToArray()))
        {
            if (entity.TryGetValue(property.Name, out var value) && value is not null)
            {
                var target = Nullable.GetUnderlyingType(property.PropertyType) ?? property.PropertyType;
                property.SetValue(row, value.GetType() == target ? value : Convert.ChangeType(value, target, System.Globalization.CultureInfo.InvariantCulture));
            }
        }

        return row;
    }
}
