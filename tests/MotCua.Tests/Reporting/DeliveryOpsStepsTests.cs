// How ops see a failed delivery and a poison message: plain functions of stored rows and bodies.
using System.Text;
using Azure.Data.Tables;
using MotCua.Catalog;
using MotCua.Reporting;
using MotCua.Storage;

namespace MotCua.Tests.Reporting;

public sealed class DeliveryOpsStepsTests
{
    private const string Id = "HS-ABCDEFGHJKMN";
    private static readonly ProcedureCatalog Seed = ProcedureCatalog.LoadEmbedded();
    private static readonly DateTimeOffset Failed = new(2026, 12, 1, 2, 30, 0, TimeSpan.Zero);

    [Fact]
    public void A_failed_event_is_described_by_its_last_attempt_and_its_agencys_name()
    {
        var rows = new[]
        {
            Event(EventStates.Failed),
            new TableEntity(Id, DeliveryRow.KeyFor("evn-hanoi")) { [nameof(DeliveryRow.DeliveryId)] = $"{Id}-01" },
            Attempt(1, 503, "HTTP 503"),
            Attempt(2, null, "timeout"),
        };

        var item = ListFailedDeliveries.Describe(Index(), rows, Seed)!;

        Assert.Equal(($"{Id}-01", "msg_1", 2, (int?)null, "timeout"), (item.DeliveryId, item.WebhookId, item.Attempts, item.LastStatusCode, item.LastError));
        Assert.Equal(Seed.FindAgency("evn-hanoi")!.Name, item.AgencyName);
        Assert.Equal(TimeSpan.FromHours(7), item.LastAttemptAt.Offset);
        Assert.Equal(Failed.AddMinutes(2), item.LastAttemptAt);
    }

    [Theory]
    [InlineData(EventStates.Delivered)]
    [InlineData(EventStates.Cancelled)]
    public void An_event_delivered_or_cancelled_since_is_not_listed(string state) =>
        Assert.Null(ListFailedDeliveries.Describe(Index(), [Event(state), new TableEntity(Id, DeliveryRow.KeyFor("evn-hanoi"))], Seed));

    [Fact]
    public void A_poison_body_is_shown_as_the_json_the_app_wrote_or_as_stored()
    {
        var json = """{"subjectId":"HS-ABCDEFGHJKMN","webhookId":"msg_1","attempt":3}""";

        Assert.Equal(json, ListPoisonMessages.Decode(BinaryData.FromString(Convert.ToBase64String(Encoding.UTF8.GetBytes(json)))));
        Assert.Equal("not base64!", ListPoisonMessages.Decode(BinaryData.FromString("not base64!")));
        Assert.Equal("/w==", ListPoisonMessages.Decode(BinaryData.FromString("/w==")));
    }

    private static IndexRow Index() =>
        new() { PartitionKey = "failed", RowKey = $"{Id}|msg_1", ItemId = Id, WebhookId = "msg_1", AgencyId = "evn-hanoi", EventType = "dossier.submitted", At = Failed };

    private static TableEntity Event(string state) => new(Id, OutboundEventRow.KeyFor("msg_1")) { [nameof(OutboundEventRow.State)] = state };

    private static TableEntity Attempt(int number, int? status, string error) => new(Id, AttemptRow.KeyFor("msg_1", number))
    {
        [nameof(AttemptRow.Attempt)] = number,
        [nameof(AttemptRow.At)] = Failed.AddMinutes(number),
        [nameof(AttemptRow.StatusCode)] = status,
        [nameof(AttemptRow.Error)] = error,
    };
}
