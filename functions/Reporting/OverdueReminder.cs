// The dossier.overdue_reminder an agency receives once a Vietnam day: its overdue dossiers, the longest overdue first.
using System.Globalization;
using System.Text.Json;
using MotCua.Vietnam;

namespace MotCua.Reporting;

internal sealed record OverdueReminderItem(string DossierId, string DeliveryId, string ProcedureCode, DateTimeOffset DueAt, int DaysLate,
    string Status);

/// <param name="Total">How many of the agency's deliveries are overdue; more than are listed when it is far behind.</param>
internal sealed record OverdueReminderData(string AgencyId, string Date, int Total, IReadOnlyList<OverdueReminderItem> Dossiers);

internal static class OverdueReminder
{
    /// <summary>
    /// The data is stored in one table property (at most 32 K characters, room for about 150 dossiers): an agency further
    /// behind is sent its longest overdue and the total, and ops see them all at GET /api/ops/overdue.
    /// </summary>
    public const int MaxListed = 100;

    public static string DataJson(string agencyId, DateOnly date, IReadOnlyCollection<OverdueRow> rows, DateTimeOffset now) =>
        JsonSerializer.Serialize(new OverdueReminderData(
            agencyId,
            date.ToString("yyyy-MM-dd", CultureInfo.InvariantCulture),
            rows.Count,
            [.. rows.OrderBy(r => r.DueAt).ThenBy(r => r.DossierId, StringComparer.Ordinal).Take(MaxListed)
                .Select(r => new OverdueReminderItem(r.DossierId, r.DeliveryId, r.ProcedureCode, VietnamTime.Of(r.DueAt), r.DaysLate(now), r.Status))]),
            JsonSerializerOptions.Web);
}
