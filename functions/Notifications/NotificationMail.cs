// The e-mails, in Vietnamese, plain text and HTML (multipart/alternative): the dossier id, the procedure, what happened, and a
// link to the tracking page; the receipt's link carries the access key in its fragment. Never the identity number or tax code:
// nothing here reads them.
using System.Globalization;
using System.Text;
using System.Text.Encodings.Web;
using System.Text.Unicode;
using Microsoft.Extensions.Options;
using MimeKit;
using MotCua.Hosting;
using MotCua.Storage;
using MotCua.Vietnam;

namespace MotCua.Notifications;

/// <summary>What one e-mail tells: the notification, its dossier, the agency's name and the payment it is about, if any.</summary>
internal sealed record NotificationFacts(NotificationRow Notification, DossierRow Dossier, string Email, string? AgencyName, PaymentRow? Payment);

internal sealed class NotificationMail(IOptions<NotificationsOptions> options, IOptions<PortalOptions> portal)
{
    public const string PortalName = "Cổng Dịch vụ công";

    /// <summary>Escapes what HTML gives meaning to and leaves Vietnamese letters as they are (the part is UTF-8).</summary>
    private static readonly HtmlEncoder Encoder = HtmlEncoder.Create(UnicodeRanges.All);

    /// <summary>The tracking page of the dossier; with the access key in the fragment (which no server or log sees) for the receipt.</summary>
    public Uri TrackingLink(string dossierId, string? accessKey)
    {
        var page = options.Value.TrackingPage;
        var basePage = page.StartsWith('/') ? portal.Value.Resolve(page.TrimStart('/')) : new Uri(page);
        var query = $"id={Uri.EscapeDataString(dossierId)}";
        return new Uri($"{basePage.GetLeftPart(UriPartial.Path)}?{query}{(accessKey is null ? "" : "#key=" + Uri.EscapeDataString(accessKey))}");
    }

    public MimeMessage Compose(NotificationFacts facts)
    {
        var (subject, paragraphs) = Tell(facts);
        var link = TrackingLink(facts.Dossier.PartitionKey, facts.Notification.AccessKey);
        var message = new MimeMessage { Subject = subject };
        message.From.Add(MailboxAddress.Parse(options.Value.From));
        message.To.Add(new MailboxAddress(facts.Dossier.ApplicantFullName, facts.Email));
        // The same id however often it is sent, so a mail client can fold a repeat (decision 0015: the one resend a crash can cause).
        message.MessageId = $"{facts.Notification.RowKey.Replace('|', '.')}.{facts.Dossier.PartitionKey}@motcua";
        message.Body = new BodyBuilder
        {
            TextBody = Text(facts, paragraphs, link),
            HtmlBody = Html(facts, subject, paragraphs, link),
        }.ToMessageBody();
        return message;
    }

    /// <summary>The subject and the paragraphs that say what happened, by event.</summary>
    internal static (string Subject, string[] Paragraphs) Tell(NotificationFacts facts)
    {
        var (n, d) = (facts.Notification, facts.Dossier);
        var id = d.PartitionKey;
        var agency = facts.AgencyName ?? "Cơ quan xử lý";
        var procedure = $"thủ tục “{d.ProcedureName}”";
        var note = string.IsNullOrWhiteSpace(n.Note) ? [] : new[] { $"Ghi chú của cơ quan: {n.Note}" };
        var amount = facts.Payment is { } p ? $"{p.Reason}: {Money.Figures(p.AmountVnd)} ₫" : "";
        return n.Event switch
        {
            NotificationEvents.Received => ($"Đã tiếp nhận hồ sơ {id}",
            [
                $"{PortalName} đã tiếp nhận hồ sơ {id} ({procedure}) lúc {Time(d.SubmittedAt)}.",
                "Đường liên kết bên dưới mở hồ sơ cùng mã tra cứu của bạn. Hãy giữ thư này và không chuyển tiếp cho người khác.",
            ]),
            NotificationEvents.Accepted => ($"Hồ sơ {id} đã được cơ quan tiếp nhận",
                [$"{agency} đã tiếp nhận hồ sơ {id} ({procedure}) để giải quyết.", .. note]),
            NotificationEvents.SupplementRequested => ($"Hồ sơ {id} cần bổ sung",
                [$"{agency} yêu cầu bổ sung hồ sơ {id} ({procedure}).", .. note, "Vui lòng mở trang tra cứu để nộp giấy tờ bổ sung."]),
            NotificationEvents.FeeDue => ($"Hồ sơ {id} cần thanh toán",
                [$"Hồ sơ {id} ({procedure}) có khoản cần thanh toán — {amount}.", "Vui lòng thanh toán trực tuyến trên trang tra cứu hồ sơ."]),
            NotificationEvents.FeePaid => ($"Hồ sơ {id} đã được thanh toán",
                [$"{PortalName} đã nhận thanh toán cho hồ sơ {id} ({procedure}) — {amount}.", "Biên lai điện tử có trên trang tra cứu hồ sơ."]),
            NotificationEvents.Approved => ($"Hồ sơ {id} đã có kết quả",
                [$"{agency} đã giải quyết xong hồ sơ {id} ({procedure}).", .. note, "Kết quả có trên trang tra cứu hồ sơ."]),
            NotificationEvents.Rejected => ($"Hồ sơ {id} bị từ chối",
                [$"{agency} đã từ chối giải quyết hồ sơ {id} ({procedure}).", .. note]),
            NotificationEvents.DeliveryFailed => ($"Hồ sơ {id} chưa chuyển được đến cơ quan xử lý",
            [
                $"{PortalName} chưa chuyển được hồ sơ {id} ({procedure}) đến {agency} sau nhiều lần thử.",
                "Bộ phận vận hành đã được báo và sẽ chuyển lại; bạn không cần nộp lại hồ sơ.",
            ]),
            _ => throw new InvalidOperationException($"No template for notification event {n.Event}."),
        };
    }

    private static string Time(DateTimeOffset at) => VietnamTime.Of(at).ToString("HH:mm 'ngày' dd/MM/yyyy", CultureInfo.InvariantCulture);

    private static string Text(NotificationFacts facts, string[] paragraphs, Uri link)
    {
        var text = new StringBuilder();
        text.Append("Kính gửi ").Append(facts.Dossier.ApplicantFullName).Append(",\n\n");
        foreach (var paragraph in paragraphs)
        {
            text.Append(paragraph).Append("\n\n");
        }

        text.Append("Tra cứu hồ sơ: ").Append(link.AbsoluteUri).Append("\n\n");
        text.Append("Trân trọng,\n").Append(PortalName).Append("\n\nĐây là thư tự động, vui lòng không trả lời.\n");
        return text.ToString();
    }

    private static string Html(NotificationFacts facts, string subject, string[] paragraphs, Uri link)
    {
        static string E(string text) => Encoder.Encode(text);
        var html = new StringBuilder();
        html.Append("<!DOCTYPE html><html lang=\"vi\"><head><meta charset=\"utf-8\"><title>").Append(E(subject)).Append("</title></head><body>");
        html.Append("<p>Kính gửi ").Append(E(facts.Dossier.ApplicantFullName)).Append(",</p>");
        foreach (var paragraph in paragraphs)
        {
            html.Append("<p>").Append(E(paragraph)).Append("</p>");
        }

        html.Append("<p><a href=\"").Append(E(link.AbsoluteUri)).Append("\">Tra cứu hồ sơ ").Append(E(facts.Dossier.PartitionKey)).Append("</a></p>");
        html.Append("<p>Trân trọng,<br>").Append(E(PortalName)).Append("</p>");
        html.Append("<p><small>Đây là thư tự động, vui lòng không trả lời.</small></p></body></html>");
        return html.ToString();
    }
}
