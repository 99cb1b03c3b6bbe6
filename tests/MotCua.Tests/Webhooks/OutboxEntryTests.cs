using MotCua.Webhooks;

namespace MotCua.Tests.Webhooks;

public sealed class OutboxEntryTests
{
    private static readonly DateTimeOffset At = new(2026, 12, 6, 7, 0, 0, TimeSpan.Zero);

    [Theory]
    [InlineData("HS-ABCDEFGHJKMN")]
    [InlineData("PA-ABCDEFGHJKMN")]
    [InlineData("notice|evn-hanoi|2026-12-06")]
    public void An_announcement_names_its_subject_and_event_in_its_key(string subjectId)
    {
        var entry = Outbox.OutboxEntry(Outbox.ShardOf(subjectId), At, subjectId, "msg_0123456789abcdef");

        Assert.Equal((subjectId, "msg_0123456789abcdef"), Outbox.Announced(entry));
        Assert.StartsWith($"{At.UtcTicks:D19}|", entry.RowKey, StringComparison.Ordinal);
    }
}
