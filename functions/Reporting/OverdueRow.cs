// The overdue list, in the Indexes table: partition `overdue`, one row per delivery past its dueAt and not yet
// final, kept by OverdueSweep and read by GET /api/ops/overdue; and the sweep's watermark over the `due|` partitions.
using System.Globalization;
using MotCua.Storage;

namespace MotCua.Reporting;

/// <summary>RowKey <c>{dossierId}|{agencyId}</c>, as in the <c>due|</c> partition the delivery came from.</summary>
internal sealed class OverdueRow : TableRow
{
    public const string Partition = "overdue";

    public string DossierId { get; set; } = "";

    public string DeliveryId { get; set; } = "";

    public string AgencyId { get; set; } = "";

    public string ProcedureCode { get; set; } = "";

    public DateTimeOffset DueAt { get; set; }

    /// <summary>The delivery's status when the sweep last looked at it.</summary>
    public string Status { get; set; } = "";

    /// <summary>Days begun since the due time: 1 from the first minute late, 2 once a whole day has passed.</summary>
    public int DaysLate(DateTimeOffset now) => Math.Max(1, (int)Math.Ceiling((now - DueAt) / TimeSpan.FromDays(1)));
}

/// <summary>The last due date (Vietnam) whose <c>due|</c> partition the sweep has moved into the list; later days are still to read.</summary>
internal sealed class OverdueWatermarkRow : TableRow
{
    public const string Partition = "watermark";
    public const string Key = "overdue";
    private const string DateFormat = "yyyy-MM-dd";

    /// <summary><c>yyyy-MM-dd</c>.</summary>
    public string Through { get; set; } = "";

    public static OverdueWatermarkRow For(DateOnly through) =>
        new() { PartitionKey = Partition, RowKey = Key, Through = through.ToString(DateFormat, CultureInfo.InvariantCulture) };

    public DateOnly ThroughDay() => DateOnly.ParseExact(Through, DateFormat, CultureInfo.InvariantCulture);
}
