using System.Net;
using System.Text.Json;
using System.Text.Json.Nodes;
using Azure.Storage.Queues;
using Microsoft.Extensions.DependencyInjection;
using Moq;
using MotCua.Tests.Infrastructure;

namespace MotCua.Tests.Reporting;

/// <summary>Its own Azurite: every test here moves whatever is in <c>deliver-poison</c>.</summary>
public sealed class PoisonQueueTests(Azurite azurite) : IClassFixture<Azurite>
{
    private const string Poison = "deliver-poison";

    [Fact]
    public async Task Malformed_messages_are_listed_as_written_and_a_requeue_sends_them_through_deliver_back_to_poison()
    {
        await using var portal = await Portal.StartAsync(azurite);
        // Bodies of this test's own, whatever the other tests here leave in poison or requeue.
        var marker = Samples.Marker();
        var wrongShape = $$"""{"subjectId":1,"marker":"{{marker}}"}""";
        var notBase64 = $"not base64 {{ {marker}";
        var sentWrongShape = (await Queue(QueueMessageEncoding.Base64).SendMessageAsync(wrongShape)).Value.MessageId;
        var sentNotBase64 = (await Queue(QueueMessageEncoding.None).SendMessageAsync(notBase64)).Value.MessageId;

        var listed = await PoisonAsync(portal);
        Assert.Equal(Poison, listed["queue"]!.GetValue<string>());
        var first = Assert.Single(Items(listed), m => m["messageId"]!.GetValue<string>() == sentWrongShape);
        Assert.Equal(wrongShape, first["body"]!.GetValue<string>());
        Assert.Equal(0, first["dequeueCount"]!.GetValue<int>());
        Assert.EndsWith("+07:00", first["insertedOn"]!.GetValue<string>());
        Assert.Equal(notBase64, Assert.Single(Items(listed), m => m["messageId"]!.GetValue<string>() == sentNotBase64)["body"]!.GetValue<string>());

        using var requeue = await portal.Client.SendAsync(HttpMethod.Post, "/api/ops/poison/requeue", functionKey: FunctionApp.FunctionKey);

        Assert.Equal(HttpStatusCode.OK, requeue.StatusCode);
        Assert.True(JsonNode.Parse(await requeue.Content.ReadAsStringAsync())!["requeued"]!.GetValue<int>() >= 2);
        // ForwardDossier cannot use either, so each comes back as a new message with the same body.
        var back = await WaitForPoisonAsync(portal, items =>
            items.Any(m => m["body"]!.GetValue<string>() == wrongShape) && items.Any(m => m["body"]!.GetValue<string>() == notBase64));
        Assert.DoesNotContain(back, m => m["messageId"]!.GetValue<string>() is var id && (id == sentWrongShape || id == sentNotBase64));
    }

    [Fact]
    public async Task A_deliver_message_requeued_from_poison_is_delivered()
    {
        await using var agency = await TestAgency.StartAsync();
        // Every message the portal enqueues for delivery lands in poison instead, as if it had failed there five times.
        var poison = Queue(QueueMessageEncoding.Base64);
        var misrouted = new Mock<QueueClient>();
        misrouted.Setup(q => q.SendMessageAsync(It.IsAny<string>(), It.IsAny<TimeSpan?>(), It.IsAny<TimeSpan?>(), It.IsAny<CancellationToken>()))
            .Returns((string text, TimeSpan? delay, TimeSpan? ttl, CancellationToken ct) => poison.SendMessageAsync(text, delay, ttl, ct));
        await using var portal = await Portal.StartAsync(azurite, configure: builder => builder.Services.AddKeyedSingleton("deliver", misrouted.Object));
        await portal.RegisterAsync(agency, "evn-hanoi");
        var submitted = await portal.SubmitJsonAsync(Samples.ElectricityPayment());

        var items = await WaitForPoisonAsync(portal, items => items.Any(m => m["body"]!.GetValue<string>().Contains(submitted.Id, StringComparison.Ordinal)));
        var stuck = items.Single(m => m["body"]!.GetValue<string>().Contains(submitted.Id, StringComparison.Ordinal));
        var message = JsonNode.Parse(stuck["body"]!.GetValue<string>())!;
        Assert.Equal(submitted.Id, message["subjectId"]!.GetValue<string>());
        Assert.Equal(1, message["attempt"]!.GetValue<int>());
        Assert.DoesNotContain(agency.Received, w => w.Data["dossierId"]!.GetValue<string>() == submitted.Id);

        using var requeue = await portal.Client.SendAsync(HttpMethod.Post, "/api/ops/poison/requeue", functionKey: FunctionApp.FunctionKey);

        Assert.Equal(HttpStatusCode.OK, requeue.StatusCode);
        var webhook = await agency.WaitForAsync(w => w.Data["dossierId"]?.GetValue<string>() == submitted.Id);
        Assert.Equal(message["webhookId"]!.GetValue<string>(), webhook.Id);
        await portal.WaitForDossierAsync(submitted.Id, submitted.AccessKey, d => d["status"]!.GetValue<string>() == "forwarded");
        Assert.DoesNotContain(Items(await PoisonAsync(portal)), m => m["messageId"]!.GetValue<string>() == stuck["messageId"]!.GetValue<string>());
    }

    private QueueClient Queue(QueueMessageEncoding encoding) =>
        new(azurite.ConnectionString, Poison, new QueueClientOptions { MessageEncoding = encoding });

    private static Task<JsonNode> PoisonAsync(Portal portal) => Ops.GetJsonAsync(portal, "/api/ops/poison");

    private static List<JsonNode> Items(JsonNode poison) => [.. poison["items"]!.AsArray().Select(m => m!)];

    private static Task<List<JsonNode>> WaitForPoisonAsync(Portal portal, Func<List<JsonNode>, bool> done) =>
        Poll.UntilAsync(async () => Items(await PoisonAsync(portal)), done, TimeSpan.FromSeconds(20),
            items => $"The poison queue never reached the expected state; last seen: {JsonSerializer.Serialize(items.Select(m => m.ToJsonString()))}",
            TimeSpan.FromMilliseconds(50));
}
