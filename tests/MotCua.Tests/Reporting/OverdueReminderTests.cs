using System.Text.Json.Nodes;
using MotCua.Reporting;

namespace MotCua.Tests.Reporting;

public sealed class OverdueReminderTests
{
    private static readonly DateTimeOffset DueAt = new(2026, 3, 11, 17, 0, 0, TimeSpan.FromHours(7));

    [Theory]
    [InlineData(1, 1)]
    [InlineData(60 * 24, 1)]
    [InlineData((60 * 24) + 1, 2)]
    [InlineData(60 * 24 * 10, 10)]
    public void A_day_late_counts_from_the_first_minute_after_the_due_time(int minutesLate, int daysLate) =>
        Assert.Equal(daysLate, Row("HS-A", DueAt).DaysLate(DueAt.AddMinutes(minutesLate)));

    [Fact]
    public void The_reminder_lists_the_longest_overdue_first_in_vietnam_time_and_caps_the_list_but_not_the_total()
    {
        var rows = Enumerable.Range(0, OverdueReminder.MaxListed + 20)
            .Select(i => Row($"HS-{i:D3}", DueAt.AddDays(-i)))
            .ToList();

        var data = JsonNode.Parse(OverdueReminder.DataJson("evn-hanoi", new DateOnly(2026, 3, 12), rows, DueAt.AddHours(1)))!;

        Assert.Equal("evn-hanoi", data["agencyId"]!.GetValue<string>());
        Assert.Equal("2026-03-12", data["date"]!.GetValue<string>());
        Assert.Equal(OverdueReminder.MaxListed + 20, data["total"]!.GetValue<int>());
        var listed = data["dossiers"]!.AsArray();
        Assert.Equal(OverdueReminder.MaxListed, listed.Count);
        Assert.Equal("HS-119", listed[0]!["dossierId"]!.GetValue<string>());
        Assert.Equal(OverdueReminder.MaxListed + 20, listed[0]!["daysLate"]!.GetValue<int>());
        Assert.Equal("2025-11-12T17:00:00+07:00", Due(listed[0]!));
        Assert.Equal("HS-020", listed[^1]!["dossierId"]!.GetValue<string>());
        Assert.Equal(["dossierId", "deliveryId", "procedureCode", "dueAt", "daysLate", "status"], listed[0]!.AsObject().Select(p => p.Key));
    }

    private static string Due(JsonNode entry) => entry["dueAt"]!.GetValue<string>();

    private static OverdueRow Row(string dossierId, DateTimeOffset dueAt) => new()
    {
        PartitionKey = OverdueRow.Partition,
        RowKey = $"{dossierId}|evn-hanoi",
        DossierId = dossierId,
        DeliveryId = $"{dossierId}-01",
        AgencyId = "evn-hanoi",
        ProcedureCode = "thanh-toan-tien-dien",
        DueAt = dueAt.ToUniversalTime(),
        Status = "forwarded",
    };
}
