// The gateway's two pages, in Vietnamese: the payment page (bank choice, "Thanh toán" / "Hủy") and the error page.
// Plain HTML and CSS, no script; readable at 360 px.
using System.Globalization;
using System.Text.Encodings.Web;
using System.Text.Unicode;

namespace MotCua.DemoPayGate;

internal static class PayPageHtml
{
    /// <summary>Encodes markup characters only, so Vietnamese text stays readable in the page source.</summary>
    private static readonly HtmlEncoder Encoder = HtmlEncoder.Create(UnicodeRanges.All);

    private static readonly NumberFormatInfo VietnameseNumbers = new() { NumberGroupSeparator = ".", NumberDecimalSeparator = "," };

    private const string Style = """
        *{box-sizing:border-box}
        body{margin:0;font-family:system-ui,-apple-system,"Segoe UI",Roboto,Arial,sans-serif;background:#eef2f6;color:#1d2939;line-height:1.5}
        header{background:#005baa;color:#fff;padding:.75rem 1rem;font-weight:600}
        main{max-width:34rem;margin:1rem auto;padding:1rem 1.25rem;background:#fff;border-radius:.5rem;box-shadow:0 1px 3px rgba(0,0,0,.12)}
        h1{font-size:1.35rem;margin:.25rem 0 1rem}
        .note{font-size:.875rem;color:#475467;background:#fffaeb;border-left:4px solid #f79009;padding:.5rem .75rem}
        dl{display:grid;grid-template-columns:auto 1fr;gap:.35rem 1rem;margin:1rem 0}
        dt{color:#475467}
        dd{margin:0;font-weight:600;overflow-wrap:anywhere}
        .amount{font-size:1.4rem;color:#c8102e;white-space:nowrap}
        fieldset{border:1px solid #d0d5dd;border-radius:.5rem;margin:0;padding:.5rem .75rem}
        legend{font-weight:600;padding:0 .25rem}
        fieldset label{display:flex;align-items:center;gap:.6rem;min-height:2.75rem;cursor:pointer}
        input[type=radio]{width:1.2rem;height:1.2rem;margin:0}
        .actions{display:flex;gap:.75rem;margin-top:1.25rem}
        button{flex:1;font:inherit;font-weight:600;padding:.75rem;border-radius:.375rem;border:2px solid #005baa;cursor:pointer}
        button[value=pay]{background:#005baa;color:#fff}
        button[value=cancel]{background:#fff;color:#005baa}
        :focus-visible{outline:3px solid #f79009;outline-offset:2px}
        @media (max-width:420px){dl{grid-template-columns:1fr;gap:0}dd{margin-bottom:.5rem}main{margin:0;border-radius:0}}
        """;

    public static string Payment(PayOrder order)
    {
        var banks = string.Concat(Banks.All.Select((bank, i) =>
            $"""<label><input type="radio" name="bank" value="{bank.Code}"{(i == 0 ? " checked" : "")}> {bank.Name}</label>"""));
        return Page("Thanh toán trực tuyến", $"""
            <p class="note">Cổng thanh toán thử nghiệm theo giao thức VNPay 2.1.0: không kết nối ngân hàng, không trừ tiền thật.</p>
            <dl>
            <dt>Mã website</dt><dd>{Encoder.Encode(order.TmnCode)}</dd>
            <dt>Mã giao dịch</dt><dd>{Encoder.Encode(order.TxnRef)}</dd>
            <dt>Nội dung thanh toán</dt><dd>{Encoder.Encode(order.OrderInfo)}</dd>
            <dt>Số tiền</dt><dd class="amount">{Amount(order.Amount)}</dd>
            <dt>Hết hạn lúc</dt><dd>{order.ExpiresAt.ToOffset(VietnamTime.Offset).ToString("HH:mm:ss 'ngày' dd/MM/yyyy", CultureInfo.InvariantCulture)}</dd>
            </dl>
            <form method="post" action="/paymentv2/pay">
            <input type="hidden" name="query" value="{Encoder.Encode(order.Query)}">
            <fieldset><legend>Chọn ngân hàng</legend>{banks}</fieldset>
            <div class="actions"><button type="submit" name="action" value="pay">Thanh toán</button><button type="submit" name="action" value="cancel">Hủy</button></div>
            </form>
            """);
    }

    public static string Error(Refusal refusal) => Page(refusal.Title, $"""
        <p>{Encoder.Encode(refusal.Detail)}</p>
        <p class="note">Không có khoản tiền nào bị trừ. Vui lòng quay lại trang của đơn vị bán hàng.</p>
        """);

    /// <summary>VND × 100 as the page shows it: <c>13500000</c> → <c>135.000 ₫</c>.</summary>
    private static string Amount(long amount) => (amount / 100).ToString("#,0", VietnameseNumbers) + " ₫";

    private static string Page(string title, string body) => $"""
        <!doctype html>
        <html lang="vi">
        <head>
        <meta charset="utf-8">
        <meta name="viewport" content="width=device-width, initial-scale=1">
        <title>{Encoder.Encode(title)} · Cổng thanh toán demo</title>
        <style>
        {Style}
        </style>
        </head>
        <body>
        <header>Cổng thanh toán demo · MotCua</header>
        <main>
        <h1>{Encoder.Encode(title)}</h1>
        {body}
        </main>
        </body>
        </html>
        """;
}
