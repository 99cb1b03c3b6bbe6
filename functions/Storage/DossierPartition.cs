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

    public List<PaymentRow> Payments { get; } = [];

    public List<PaymentAttemptRow> PaymentAttempts { get; } = [];

    public List<ConsentRow> Consents { get; } = [];

    public List<NotificationRow> Notifications { get; } = [];

    public DeliveryRow? DeliveryFor(string agencyId) => Deliveries.Find(d => d.AgencyId == agencyId);

    /// <summary>
    /// The action every change a citizen can see adds to its transaction: it stamps <see cref="DossierRow.ChangedAt"/> whatever the
    /// row's ETag (so it adds no contention) and thereby moves that ETag, which is what the lookup's cache checks.
    /// </summary>
    /// <param name="dueAt">A new due time to write with the stamp (a fee paid: the processing time starts then).</param>
    public TableTransactionAction Touch(DateTimeOffset at, DateTimeOffset? dueAt = null)
    {
        var stamp = new TableEntity(DossierId, DossierRow.Key) { [nameof(DossierRow.ChangedAt)] = at };
        if (dueAt is { } due)
        {
            stamp[nameof(DossierRow.DueAt)] = due;
        }

        return new(TableTransactionActionType.UpdateMerge, stamp, ETag.All);
    }

    /// <summary>A partition of the rows given, sorted by type (its attempt rows, the delivery log, are not part of it).</summary>
    public static DossierPartition Of(string dossierId, IEnumerable<DossierPartitionRow> rows)
    {
        var partition = new DossierPartition(dossierId);
        foreach (var row in rows)
        {
            partition.Add(row);
        }

        return partition;
    }

    /// <summary>Reads the partition; <see cref="Dossier"/> (or <see cref="Feedback"/>) is null when no such item exists.</summary>
    public static async Task<DossierPartition> LoadAsync(TableClient dossiers, string dossierId, CancellationToken cancellationToken)
    {
        var rows = new List<DossierPartitionRow>();
        await foreach (var entity in dossiers.QueryAsync<TableEntity>(e => e.PartitionKey == dossierId, cancellationToken: cancellationToken))
        {
            if (Typed(entity) is { } row)
            {
                rows.Add(row);
            }
        }

        return Of(dossierId, rows);
    }

    /// <summary>
    /// Reads only the named rows, by concurrent point reads, and leaves out those that do not exist. A point read costs
    /// the same however large the table grows; a query of the partition costs that on Azure, but on Azurite it scans the
    /// whole table (docs/decisions/0007).
    /// </summary>
    public static async Task<DossierPartition> LoadRowsAsync(TableClient dossiers, string dossierId, IEnumerable<string> rowKeys,
        CancellationToken cancellationToken)
    {
        var rows = await Task.WhenAll(rowKeys.Distinct(StringComparer.Ordinal)
            .Select(key => dossiers.GetEntityIfExistsAsync<TableEntity>(dossierId, key, cancellationToken: cancellationToken)));
        return Of(dossierId, rows.Where(row => row.HasValue).Select(row => Typed(row.Value!)).OfType<DossierPartitionRow>());
    }

    private void Add(DossierPartitionRow row)
    {
        switch (row)
        {
            case DossierRow dossier:
                Dossier = dossier;
                break;
            case FeedbackRow feedback:
                Feedback = feedback;
                break;
            case RatingRow rating:
                Rating = rating;
                break;
            case NoticeRow notice:
                Notice = notice;
                break;
            case DeliveryRow delivery:
                Deliveries.Add(delivery);
                break;
            case HistoryRow step:
                History.Add(step);
                break;
            case FileRow file:
                (file.RowKey.StartsWith(FileRow.AttachmentPrefix, StringComparison.Ordinal) ? Attachments : Results).Add(file);
                break;
            case OutboundEventRow ev:
                Events.Add(ev);
                break;
            case PaymentRow payment:
                Payments.Add(payment);
                break;
            case PaymentAttemptRow attempt:
                PaymentAttempts.Add(attempt);
                break;
            case ConsentRow consent:
                Consents.Add(consent);
                break;
            case NotificationRow notification:
                Notifications.Add(notification);
                break;
        }
    }

    /// <summary>The row class of a row, told by its key; null for rows no reader of a partition needs (delivery attempts, markers, callbacks).</summary>
    private static DossierPartitionRow? Typed(TableEntity entity)
    {
        var key = entity.RowKey;
        return key switch
        {
            DossierRow.Key => As<DossierRow>(entity),
            FeedbackRow.Key => As<FeedbackRow>(entity),
            RatingRow.Key => As<RatingRow>(entity),
            NoticeRow.Key => As<NoticeRow>(entity),
            _ when key.StartsWith(DeliveryRow.Prefix, StringComparison.Ordinal) => As<DeliveryRow>(entity),
            _ when key.StartsWith(HistoryRow.Prefix, StringComparison.Ordinal) => As<HistoryRow>(entity),
            _ when key.StartsWith(FileRow.AttachmentPrefix, StringComparison.Ordinal) || key.StartsWith(FileRow.ResultPrefix, StringComparison.Ordinal)
                => As<FileRow>(entity),
            _ when key.StartsWith(OutboundEventRow.Prefix, StringComparison.Ordinal) => As<OutboundEventRow>(entity),
            _ when key.StartsWith(PaymentRow.Prefix, StringComparison.Ordinal) => As<PaymentRow>(entity),
            _ when key.StartsWith(PaymentAttemptRow.Prefix, StringComparison.Ordinal) => As<PaymentAttemptRow>(entity),
            _ when key.StartsWith(ConsentRow.Prefix, StringComparison.Ordinal) => As<ConsentRow>(entity),
            _ when key.StartsWith(NotificationRow.Prefix, StringComparison.Ordinal) => As<NotificationRow>(entity),
            _ => null,
        };
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
