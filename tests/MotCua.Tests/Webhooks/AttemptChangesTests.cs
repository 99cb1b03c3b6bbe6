// What one delivery attempt writes, as a plain function of the rows read: no host, no storage.
using Azure.Data.Tables;
using MotCua.Storage;
using MotCua.Webhooks;

namespace MotCua.Tests.Webhooks;

public sealed class AttemptChangesTests
{
    private const string Id = "HS-ABCDEFGHJKMN";
    private static readonly DateTimeOffset At = new(2026, 12, 1, 2, 30, 0, TimeSpan.Zero);

    [Fact]
    public void An_attempt_that_moves_the_delivery_writes_the_move_its_history_step_and_the_dossiers_stamp()
    {
        var (partition, ev, delivery) = Rows();

        var actions = ForwardDossier.Changes(partition, ev, delivery, "forwarded", 1, new DeliveryAttempt(At, 200, 12, null),
            new DeliveryOutcome(EventStates.Delivered, null));

        Assert.Equal((1, At, EventStates.Delivered), (ev.Attempts, ev.LastAttemptAt, ev.State));
        Assert.Equal(("forwarded", At), (delivery.Status, delivery.UpdatedAt));
        Assert.Equal([typeof(OutboundEventRow), typeof(AttemptRow), typeof(DeliveryRow), typeof(HistoryRow), typeof(TableEntity)],
            actions.Select(a => a.Entity.GetType()));
        var attempt = Assert.IsType<AttemptRow>(actions[1].Entity);
        Assert.Equal((AttemptRow.KeyFor("msg_1", 1), 200, true), (attempt.RowKey, attempt.StatusCode, attempt.Success));
    }

    [Fact]
    public void An_attempt_that_moves_nothing_writes_only_the_event_and_its_log_row()
    {
        var (partition, ev, delivery) = Rows();

        var actions = ForwardDossier.Changes(partition, ev, delivery, to: null, 2, new DeliveryAttempt(At, 503, 40, "HTTP 503"),
            new DeliveryOutcome(EventStates.Pending, TimeSpan.FromMinutes(1)));

        Assert.Equal(2, actions.Count);
        Assert.Equal("received", delivery.Status);
        Assert.Equal("HTTP 503", Assert.IsType<AttemptRow>(actions[1].Entity).Error);
    }

    private static (DossierPartition, OutboundEventRow, DeliveryRow) Rows()
    {
        var dossier = new DossierRow { PartitionKey = Id, RowKey = DossierRow.Key };
        var delivery = new DeliveryRow { PartitionKey = Id, RowKey = DeliveryRow.KeyFor("evn-hanoi"), AgencyId = "evn-hanoi", Status = "received" };
        var ev = new OutboundEventRow
        {
            PartitionKey = Id, RowKey = OutboundEventRow.KeyFor("msg_1"), WebhookId = "msg_1", AgencyId = "evn-hanoi", Type = WebhookEvents.DossierSubmitted,
        };
        return (DossierPartition.Of(Id, [dossier, delivery, ev]), ev, delivery);
    }
}
