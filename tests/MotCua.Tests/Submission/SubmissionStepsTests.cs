// The plain steps of submitting a dossier and its supplements: the rows a dossier starts with, a supplement's note,
// payload and transaction, and what an earlier Idempotency-Key claim means. No host, no storage.
using Azure.Data.Tables;
using MotCua.Catalog;
using MotCua.Status;
using MotCua.Storage;
using MotCua.Submission;
using MotCua.Webhooks;

namespace MotCua.Tests.Submission;

public sealed class SubmissionStepsTests
{
    private const string Id = "HS-ABCDEFGHJKMN";
    private static readonly DateTimeOffset Now = new(2026, 12, 1, 2, 30, 0, TimeSpan.Zero);

    [Fact]
    public void A_new_dossier_has_one_received_delivery_per_agency_numbered_in_order_and_a_masked_identifier()
    {
        var procedure = ProcedureCatalog.LoadEmbedded().FindProcedure("thong-bao-khuyen-mai")!;
        var applicant = new Applicant("citizen", "Nguyễn Văn An", "001090012345", null, "0912345678", null, null);
        var dossier = new ValidDossier(procedure, applicant, new() { ["goods"] = "Bánh kẹo" },
            [new Agency("soct-hanoi", "Sở Công Thương Hà Nội"), new Agency("soct-caobang", "Sở Công Thương Cao Bằng")], [], new Dictionary<string, string>(),
            Notify: false);

        var (row, deliveries) = SubmitDossier.NewRows(Id, dossier, Now, Now.AddDays(7), "hash", idempotencyKeyHash: null);

        Assert.Equal("0010******45", row.ApplicantIdMasked);
        Assert.Equal(Now.AddDays(7), row.DueAt);
        Assert.Equal([$"{Id}-01", $"{Id}-02"], deliveries.Select(d => d.DeliveryId));
        Assert.Equal(["soct-hanoi", "soct-caobang"], deliveries.Select(d => d.AgencyId));
        Assert.All(deliveries, d => Assert.Equal(DossierStatus.Received, d.Status));
    }

    [Theory]
    [InlineData(null, "")]
    [InlineData("""{}""", "")]
    [InlineData("""{"note":"  Bổ sung ảnh  "}""", "Bổ sung ảnh")]
    [InlineData("""{"note":3}""", null)]
    [InlineData("""{"other":"x"}""", "")]
    [InlineData("null", null)]
    [InlineData("không phải JSON", null)]
    public void A_supplement_note_is_optional_json_with_one_note(string? json, string? note) =>
        Assert.Equal(note, SubmitSupplement.Note(json));

    [Fact]
    public void A_supplement_note_longer_than_the_limit_is_refused() =>
        Assert.Null(SubmitSupplement.Note($$"""{"note":"{{new string('a', SubmitSupplement.MaxNote + 1)}}"}"""));

    [Fact]
    public void A_supplement_payload_names_its_files_its_time_in_vietnam_and_a_note_only_when_there_is_one()
    {
        var file = new FileRow { PartitionKey = Id, RowKey = FileRow.AttachmentPrefix + "f1", FileId = "f1" };

        var withNote = SubmitSupplement.Payload([file], Now, "Bổ sung ảnh");
        var without = SubmitSupplement.Payload([file], Now, "");

        Assert.Equal(["attachmentIds", "supplementedAt", "note"], withNote.Select(p => p.Key));
        Assert.Equal(["attachmentIds", "supplementedAt"], without.Select(p => p.Key));
        Assert.Equal(TimeSpan.FromHours(7), withNote["supplementedAt"]!.GetValue<DateTimeOffset>().Offset);
        Assert.Equal([FileRow.AttachmentPrefix + "f1"], WebhookPayloads.RowKeysFor(new OutboundEventRow { AgencyId = "a" }, withNote).Skip(2));
    }

    [Theory]
    [InlineData(1, "soct-hanoi")]
    [InlineData(2, null)]
    public void A_supplement_is_one_history_step_naming_the_agency_only_when_one_asked(int asking, string? agencyId)
    {
        var waiting = Enumerable.Range(0, asking).Select(i => new DeliveryRow
        {
            PartitionKey = Id, RowKey = DeliveryRow.KeyFor(i == 0 ? "soct-hanoi" : "soct-caobang"), AgencyId = i == 0 ? "soct-hanoi" : "soct-caobang",
            Status = DossierStatus.SupplementRequested,
        }).ToList();
        var file = new FileRow { PartitionKey = Id, RowKey = FileRow.AttachmentPrefix + "f1", FileId = "f1" };

        var changes = SubmitSupplement.Changes(DossierPartition.Of(Id, [.. waiting]), waiting, [file], Now);

        Assert.All(waiting, d => Assert.Equal(Now, d.SupplementReceivedAt));
        var history = Assert.Single(changes.Select(c => c.Entity).OfType<HistoryRow>());
        Assert.Equal((DossierStatus.SupplementRequested, agencyId), (history.Status, history.AgencyId));
        Assert.Contains(changes, c => c.Entity == file && c.ActionType == TableTransactionActionType.Add);
        Assert.Equal(asking + 3, changes.Count);
    }

    [Fact]
    public void An_earlier_claim_is_replayed_refused_or_taken_over_by_its_body_its_response_and_its_age()
    {
        const string key = "order-42";
        var claimed = Now.AddMinutes(-1);
        IdempotencyRow Row(string? response = null, DateTimeOffset? at = null) =>
            new() { PartitionKey = "h", DossierId = Id, Fingerprint = "body", CreatedAt = at ?? claimed, SealedResponse = response };

        var otherBody = Assert.IsType<IdempotencyClaim.Refused>(IdempotencyKeys.Reclaim(key, Row(), "other body", Now));
        var replay = Assert.IsType<IdempotencyClaim.Replay>(IdempotencyKeys.Reclaim(key, Row(IdempotencyKeys.Seal(key, """{"id":"x"}""")), "body", Now));
        var inProgress = Assert.IsType<IdempotencyClaim.Refused>(IdempotencyKeys.Reclaim(key, Row(), "body", Now));
        var takenOver = Assert.IsType<IdempotencyClaim.Proceed>(IdempotencyKeys.Reclaim(key, Row(at: Now - IdempotencyKeys.Abandoned), "body", Now));

        Assert.Equal(409, otherBody.Problem.StatusCode);
        Assert.Equal("Idempotency-Key này đã được dùng cho một hồ sơ có nội dung khác.", otherBody.Problem.ProblemDetails.Detail);
        Assert.Equal("""{"id":"x"}""", replay.Response);
        Assert.Equal("Hồ sơ với Idempotency-Key này đang được xử lý; vui lòng thử lại sau.", inProgress.Problem.ProblemDetails.Detail);
        Assert.Equal((Id, true), (takenOver.DossierId, takenOver.TakenOver));
    }
}
