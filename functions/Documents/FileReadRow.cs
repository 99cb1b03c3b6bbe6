using MotCua.Storage;

namespace MotCua.Documents;

/// <summary>
/// RowKey <c>read|{ticks}|{random}</c> in a dossier's (or feedback item's) partition: one read of one of its files by an agency,
/// through a portal link (<see cref="FileLinks"/>). Written before the read is let through, so no read goes unlogged.
/// </summary>
internal sealed class FileReadRow : DossierPartitionRow
{
    public const string Prefix = "read|";

    public static string KeyFor(DateTimeOffset at) =>
        $"{Prefix}{at.UtcTicks:D19}|{Convert.ToHexStringLower(System.Security.Cryptography.RandomNumberGenerator.GetBytes(4))}";

    public DateTimeOffset At { get; set; }

    public string AgencyId { get; set; } = "";

    /// <summary>The file's RowKey in the partition.</summary>
    public string FileKey { get; set; } = "";

    public string Purpose { get; set; } = "";
}
