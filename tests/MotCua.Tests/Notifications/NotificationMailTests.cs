// The templates of every event: Vietnamese subject, plain text and HTML, the dossier id, the procedure and a tracking link built on
// the settings; the identity number nowhere, even though the dossier row holds it in its applicant.
using Microsoft.Extensions.Options;
using MotCua.Hosting;
using MotCua.Notifications;
using MotCua.Storage;

namespace MotCua.Tests.Notifications;

public sealed class NotificationMailTests
{
    private static readonly DateTimeOffset At = new(2026, 12, 5, 2, 30, 0, TimeSpan.Zero);

    private static readonly DossierRow Dossier = new()
    {
        PartitionKey = "HS-0123456789AB", RowKey = DossierRow.Key, ProcedureName = "Đổi giấy phép lái xe", SubmittedAt = At,
        ApplicantFullName = "Nguyễn Văn An", ApplicantIdMasked = "0010******45", Notify = true,
        ApplicantJson = """{"kind":"citizen","fullName":"Nguyễn Văn An","idNumber":"001090012345","email":"an@example.vn"}""",
    };

    private static NotificationMail Mail(string trackingPage = "/track.html") => new(
        Options.Create(new NotificationsOptions { From = "Cổng Dịch vụ công <no-reply@motcua.test>", TrackingPage = trackingPage }),
        Options.Create(new PortalOptions { BaseUrl = new Uri("https://dichvucong.example.vn/cong") }));

    public static TheoryData<string> Events => new(typeof(NotificationEvents).GetFields().Select(f => (string)f.GetValue(null)!));

    [Theory]
    [MemberData(nameof(Events))]
    public void Every_event_has_a_subject_both_bodies_the_id_the_procedure_and_a_link_and_never_the_identity_number(string eventName)
    {
        var notification = NotificationRow.For(Dossier, eventName, "HS-0123456789AB-TT01", "bxd-cucduongbo", At, note: "Bổ sung ảnh <b>mới</b>")!;
        var payment = PaymentRow.New(Dossier.PartitionKey, 1, 135000, "Lệ phí", agencyId: null, At);

        var message = Mail().Compose(new NotificationFacts(notification, Dossier, "an@example.vn", "Cục Đường bộ Việt Nam", payment));

        Assert.Contains(Dossier.PartitionKey, message.Subject, StringComparison.Ordinal);
        Assert.Equal("multipart/alternative", message.Body!.ContentType.MimeType);
        foreach (var body in new[] { message.TextBody, message.HtmlBody })
        {
            Assert.Contains("Đổi giấy phép lái xe", body, StringComparison.Ordinal);
            Assert.Contains($"https://dichvucong.example.vn/cong/track.html?id={Dossier.PartitionKey}", body, StringComparison.Ordinal);
            Assert.DoesNotContain("#key=", body, StringComparison.Ordinal);
        }

        Assert.DoesNotContain("<b>", message.HtmlBody, StringComparison.Ordinal);
        Assert.DoesNotContain("001090012345", message.ToString(), StringComparison.Ordinal);
        Assert.DoesNotContain("0010******45", message.ToString(), StringComparison.Ordinal);
    }

    [Fact]
    public void Only_a_notification_holding_the_key_links_with_it_and_an_absolute_tracking_page_is_used_as_it_is()
    {
        var receipt = NotificationRow.For(Dossier, NotificationEvents.Received, null, null, At, accessKey: "ABCDEFGH")!;

        var message = Mail("https://web.example.vn/track.html").Compose(new NotificationFacts(receipt, Dossier, "an@example.vn", null, null));

        Assert.Contains($"https://web.example.vn/track.html?id={Dossier.PartitionKey}#key=ABCDEFGH", message.TextBody, StringComparison.Ordinal);
        Assert.Contains($"https://web.example.vn/track.html?id={Dossier.PartitionKey}#key=ABCDEFGH", message.HtmlBody, StringComparison.Ordinal);
    }

    [Fact]
    public void An_applicant_who_is_not_told_gets_no_notification_row() =>
        Assert.Null(NotificationRow.For(new DossierRow { PartitionKey = "HS-0123456789AB", Notify = false }, NotificationEvents.Received, null, null, At));
}
