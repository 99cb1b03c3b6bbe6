using System.Text.Json.Nodes;
using MotCua.Storage;
using MotCua.Webhooks;

namespace MotCua.Tests.Webhooks;

public sealed class WebhookPayloadsTests
{
    private const string Id = "HS-ABCDEFGHJKMN";
    private static readonly DateTimeOffset Submitted = new(2026, 12, 1, 2, 30, 0, TimeSpan.Zero);

    [Fact]
    public void A_submission_carries_the_dossier_its_files_as_links_and_vietnam_times()
    {
        var file = File("f1");
        var partition = DossierPartition.Of(Id, [Dossier(), Delivery(), file]);
        var ev = Event(WebhookEvents.DossierSubmitted, WebhookPayloads.AttachmentData([file]));

        var data = Build(partition, ev);

        Assert.Equal(
            ["dossierId", "deliveryId", "procedureCode", "procedureName", "applicant", "fields", "attachments", "submittedAt", "dueAt"],
            data.Select(p => p.Key));
        Assert.Equal($"{Id}-01", data["deliveryId"]!.GetValue<string>());
        Assert.Equal("Nguyễn Văn An", data["applicant"]!["fullName"]!.GetValue<string>());
        Assert.Equal("2026-12-01T09:30:00+07:00", data["submittedAt"]!.GetValue<DateTimeOffset>().ToString("yyyy-MM-ddTHH:mm:sszzz", null));
        var link = Assert.Single(data["attachments"]!.AsArray())!;
        Assert.Equal("https://files.example/f1", link["url"]!.GetValue<string>());
        Assert.Equal("don.pdf", link["fileName"]!.GetValue<string>());
    }

    [Fact]
    public void A_supplement_lists_only_its_own_files_and_merges_its_details()
    {
        var added = File("new");
        var details = WebhookPayloads.AttachmentData([added])!;
        details["note"] = "Bổ sung ảnh chân dung.";
        var ev = Event(WebhookEvents.DossierSupplemented, details);
        Assert.Equal([DossierRow.Key, DeliveryRow.KeyFor("evn-hanoi"), FileRow.AttachmentPrefix + "new"], WebhookPayloads.RowKeysFor(ev, details));

        // The rows RowKeysFor names: the supplement's file, not the dossier's earlier ones.
        var data = Build(DossierPartition.Of(Id, [Dossier(), Delivery(), added]), ev);

        Assert.Equal(["dossierId", "deliveryId", "attachments", "note"], data.Select(p => p.Key));
        Assert.Equal("https://files.example/new", Assert.Single(data["attachments"]!.AsArray())!["url"]!.GetValue<string>());
    }

    [Fact]
    public void A_feedback_item_carries_its_contact_and_a_notice_its_details_as_written()
    {
        var feedback = new FeedbackRow
        {
            PartitionKey = "PA-ABCDEFGHJKMN", RowKey = FeedbackRow.Key, Category = "conduct", Title = "Thái độ", Content = "…",
            ContactJson = """{"fullName":"Trần Thị B"}""", SubmittedAt = Submitted,
        };
        var data = Build(DossierPartition.Of("PA-ABCDEFGHJKMN", [feedback, Delivery("PA-ABCDEFGHJKMN")]), Event(WebhookEvents.FeedbackReceived, null));
        Assert.Equal("PA-ABCDEFGHJKMN", data["feedbackId"]!.GetValue<string>());
        Assert.Equal("Trần Thị B", data["contact"]!["fullName"]!.GetValue<string>());
        Assert.Empty(data["attachments"]!.AsArray());

        var notice = new JsonObject { ["agencyId"] = "evn-hanoi", ["total"] = 3 };
        var reminder = WebhookPayloads.Build(DossierPartition.Of("notice|evn-hanoi|2026-12-01", []), Event(WebhookEvents.DossierOverdueReminder, notice),
            notice, delivery: null, NoFiles);
        Assert.Same(notice, reminder);
        Assert.Equal(NoticeRow.Key, WebhookPayloads.RowKeysFor(Event(WebhookEvents.DossierOverdueReminder, notice), notice)[0]);
    }

    [Fact]
    public void The_purpose_of_a_read_names_the_procedure_of_a_dossier_and_the_feedback_of_a_feedback_item()
    {
        Assert.Equal("Giải quyết hồ sơ Thanh toán tiền điện", WebhookPayloads.PurposeOf(DossierPartition.Of(Id, [Dossier(), Delivery()])));
        var feedback = new FeedbackRow { PartitionKey = "PA-ABCDEFGHJKMN", RowKey = FeedbackRow.Key, Title = "Thái độ" };
        Assert.Equal("Giải quyết phản ánh, kiến nghị", WebhookPayloads.PurposeOf(DossierPartition.Of("PA-ABCDEFGHJKMN", [feedback])));
    }

    private static JsonObject Build(DossierPartition partition, OutboundEventRow ev) =>
        WebhookPayloads.Build(partition, ev, ev.DataJson is null ? null : JsonNode.Parse(ev.DataJson)!.AsObject(), partition.Deliveries[0],
            file => new Uri($"https://files.example/{file.FileId}"));

    private static readonly Func<FileRow, Uri> NoFiles = file => throw new InvalidOperationException(file.FileId);

    private static OutboundEventRow Event(string type, JsonObject? data) =>
        new() { PartitionKey = Id, RowKey = OutboundEventRow.KeyFor("msg_1"), WebhookId = "msg_1", Type = type, AgencyId = "evn-hanoi", DataJson = data?.ToJsonString() };

    private static DossierRow Dossier() => new()
    {
        PartitionKey = Id, RowKey = DossierRow.Key, ProcedureCode = "1.001", ProcedureName = "Thanh toán tiền điện", SubmittedAt = Submitted,
        DueAt = Submitted.AddDays(3), ApplicantJson = """{"fullName":"Nguyễn Văn An"}""", FieldsJson = """{"customerCode":"PD01"}""",
    };

    private static DeliveryRow Delivery(string id = Id) =>
        new() { PartitionKey = id, RowKey = DeliveryRow.KeyFor("evn-hanoi"), DeliveryId = $"{id}-01", AgencyId = "evn-hanoi", Status = "received" };

    private static FileRow File(string id) => new()
    {
        PartitionKey = Id, RowKey = FileRow.AttachmentPrefix + id, FileId = id, FileName = "don.pdf", ContentType = "application/pdf", Size = 42, Sha256 = "ab",
    };
}
