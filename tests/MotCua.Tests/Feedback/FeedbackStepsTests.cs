// The plain checks and rows of feedback, ratings and answers: no host, no storage.
using Azure.Data.Tables;
using MotCua.Feedback;
using MotCua.Hosting;
using MotCua.Storage;
using MotCua.Webhooks;

namespace MotCua.Tests.Feedback;

public sealed class FeedbackStepsTests
{
    private const string Id = "PA-ABCDEFGHJKMN";
    private static readonly DateTimeOffset Now = new(2026, 12, 1, 2, 30, 0, TimeSpan.Zero);

    [Theory]
    [InlineData(null, null, "score")]
    [InlineData(0, null, "score")]
    [InlineData(6, null, "score")]
    [InlineData(5, "Có ký tự\u0007 lạ", "comment")]
    public void A_rating_is_a_score_from_one_to_five_with_an_optional_clean_comment(int? score, string? comment, string field)
    {
        var problem = Assert.IsType<Checked<ValidRating>.Invalid>(RateDossier.Check(new RatingInput(score, comment))).Problem;

        Assert.Equal([field], problem.ProblemDetails.Errors.Keys);
    }

    [Fact]
    public void A_rating_comment_is_normalised_and_may_be_absent()
    {
        Assert.Equal(new ValidRating(4, "Nhanh"), Assert.IsType<Checked<ValidRating>.Passed>(RateDossier.Check(new RatingInput(4, " Nhanh "))).Value);
        Assert.Equal(new ValidRating(1, null), Assert.IsType<Checked<ValidRating>.Passed>(RateDossier.Check(new RatingInput(1, null))).Value);
        Assert.IsType<Checked<ValidRating>.Invalid>(RateDossier.Check(null));
    }

    [Theory]
    [InlineData("", "feedback", "Thiếu nội dung phản ánh, kiến nghị.")]
    [InlineData("null", "feedback", "Thiếu nội dung phản ánh, kiến nghị.")]
    [InlineData("{", "feedback", "Dữ liệu JSON không hợp lệ hoặc sai kiểu dữ liệu.")]
    [InlineData("""{"title":5}""", "title", "Dữ liệu JSON không hợp lệ hoặc sai kiểu dữ liệu.")]
    public void Unreadable_feedback_names_the_path_at_fault(string json, string path, string message)
    {
        var problem = Assert.IsType<Checked<FeedbackInput>.Invalid>(SubmitFeedback.Parse(json)).Problem;

        Assert.Equal([message], problem.ProblemDetails.Errors[path]);
    }

    [Theory]
    [InlineData(null, null)]
    [InlineData("   ", null)]
    [InlineData("Đã tiếp thu.\nSẽ trả lời sau.", "Đã tiếp thu.\nSẽ trả lời sau.")]
    [InlineData("Có ký tự\u0007 lạ", null)]
    public void An_answer_is_required_and_clean(string? answer, string? text) => Assert.Equal(text, AnswerFeedback.Text(answer));

    [Fact]
    public void An_answer_marks_the_feedback_and_its_delivery_answered_with_a_history_step_and_the_webhook_marker()
    {
        var feedback = new FeedbackRow { PartitionKey = Id, RowKey = FeedbackRow.Key };
        var delivery = new DeliveryRow { PartitionKey = Id, RowKey = DeliveryRow.KeyFor("bct"), AgencyId = "bct", Status = FeedbackStatus.Received };
        var marker = InboundEventRow.KeyFor("bct", "msg_1");

        var actions = AnswerFeedback.Answer(feedback, delivery, marker, "Đã tiếp thu.", Now);

        Assert.Equal(("Đã tiếp thu.", Now), (feedback.Answer, feedback.AnsweredAt));
        Assert.Equal(FeedbackStatus.Answered, delivery.Status);
        Assert.Equal([TableTransactionActionType.UpdateMerge, TableTransactionActionType.UpdateMerge, TableTransactionActionType.Add, TableTransactionActionType.Add],
            actions.Select(a => a.ActionType));
        var history = Assert.IsType<HistoryRow>(actions[2].Entity);
        Assert.Equal((Id, FeedbackStatus.Answered, "bct"), (history.PartitionKey, history.Status, history.AgencyId));
        var inbound = Assert.IsType<InboundEventRow>(actions[3].Entity);
        Assert.Equal((marker, WebhookEvents.FeedbackAnswered), (inbound.RowKey, inbound.Type));
    }

    [Fact]
    public void Published_feedback_blanks_out_numbers_and_addresses_typed_into_its_text()
    {
        var feedback = new FeedbackRow
        {
            PartitionKey = Id, RowKey = FeedbackRow.Key, Category = "conduct", Title = "Gọi 0912 345 678", Content = "Thư gửi an@example.vn", AgencyId = "bct",
            ContactJson = """{"fullName":"Trần Thị B","phone":"0912345678"}""",
        };

        var row = PublishedFeedbackRow.Of(feedback, Id, "CCCD 001090012345 đã xác minh.", Now);

        Assert.Equal(("Gọi ***", "Thư gửi ***", "CCCD *** đã xác minh."), (row.Title, row.Content, row.Answer));
        Assert.Equal(PublishedFeedbackRow.KeyFor(Now, Id), row.RowKey);
        Assert.True(string.CompareOrdinal(PublishedFeedbackRow.KeyFor(Now.AddDays(1), Id), row.RowKey) < 0, "newer answers sort first");
    }
}
