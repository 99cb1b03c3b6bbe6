// The plain steps of a withdrawal and of a result's documents: no host, no storage.
using System.Text.Json;
using Azure.Data.Tables;
using MotCua.Hosting;
using MotCua.Status;
using MotCua.Storage;
using MotCua.Tests.Infrastructure;
using MotCua.Webhooks;

namespace MotCua.Tests.Status;

public sealed class StatusStepsTests
{
    private const string Id = "HS-ABCDEFGHJKMN";
    private static readonly DateTimeOffset Now = new(2026, 12, 1, 2, 30, 0, TimeSpan.Zero);

    [Fact]
    public void A_withdrawal_tells_only_the_agencies_that_hold_the_dossier_and_is_one_history_step()
    {
        var open = new[] { (DossierStatus.Received, "a"), (DossierStatus.Forwarded, "b"), (DossierStatus.Processing, "c"), (DossierStatus.DeliveryFailed, "d") }
            .Select(d => new DeliveryRow { PartitionKey = Id, RowKey = DeliveryRow.KeyFor(d.Item2), AgencyId = d.Item2, Status = d.Item1 })
            .ToList();

        var (changes, events) = WithdrawDossier.Withdraw(DossierPartition.Of(Id, [.. open]), open, Now);

        Assert.Equal(["b", "c"], events.Select(e => e.AgencyId));
        Assert.All(events, e => Assert.Equal(WebhookEvents.DossierWithdrawn, e.Type));
        Assert.Equal("2026-12-01T09:30:00.0000000+07:00", JsonDocument.Parse(events[0].DataJson!).RootElement.GetProperty("withdrawnAt").GetString());
        Assert.All(open, d => Assert.Equal((DossierStatus.Withdrawn, Now), (d.Status, d.UpdatedAt)));
        var history = Assert.Single(changes.Select(c => c.Entity).OfType<HistoryRow>());
        Assert.Equal((DossierStatus.Withdrawn, (string?)null), (history.Status, history.AgencyId));
        Assert.Equal(open.Count + 2, changes.Count);
        Assert.Equal(open.Count, changes.Count(c => c.ActionType == TableTransactionActionType.UpdateMerge && c.Entity is DeliveryRow));
    }

    [Fact]
    public void A_result_document_is_base64_of_an_accepted_type_within_the_size_limit()
    {
        var pdf = Samples.Pdf("Quyết định");
        var document = new ResultDocument("../quyet-dinh.pdf", "application/pdf", Convert.ToBase64String(pdf));

        var file = Assert.IsType<Checked<ResultFile>.Passed>(ResultIssuedHandler.Check(document, 0, maxBytes: pdf.Length)).Value;
        var tooLarge = Assert.IsType<Checked<ResultFile>.Refused>(ResultIssuedHandler.Check(document, 1, maxBytes: pdf.Length - 1)).Problem;
        var notBase64 = Assert.IsType<Checked<ResultFile>.Invalid>(ResultIssuedHandler.Check(document with { ContentBase64 = "%%%" }, 2, pdf.Length)).Problem;
        var text = Assert.IsType<Checked<ResultFile>.Refused>(
            ResultIssuedHandler.Check(document with { ContentBase64 = Convert.ToBase64String("văn bản"u8.ToArray()) }, 3, pdf.Length)).Problem;

        Assert.Equal(("quyet-dinh.pdf", "application/pdf", pdf.Length), (file.FileName, file.ContentType, file.Content.Length));
        Assert.Equal((413, "Văn bản kết quả thứ 2 quá lớn."), (tooLarge.StatusCode, tooLarge.ProblemDetails.Detail));
        Assert.Equal(["Nội dung phải là base64 hợp lệ và không rỗng."], notBase64.ProblemDetails.Errors["data.documents[2].contentBase64"]);
        Assert.Equal(415, text.StatusCode);
    }
}
