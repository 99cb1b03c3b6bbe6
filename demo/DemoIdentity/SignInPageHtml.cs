// The provider's pages, in Vietnamese: the sign-in page (a test account to choose, "Đăng nhập") and the signed-out page.
// Plain HTML and CSS, no script; readable at 360 px.
using System.Text.Encodings.Web;
using System.Text.Unicode;

namespace MotCua.DemoIdentity;

internal static class SignInPageHtml
{
    /// <summary>Encodes markup characters only, so Vietnamese text stays readable in the page source.</summary>
    private static readonly HtmlEncoder Encoder = HtmlEncoder.Create(UnicodeRanges.All);

    public const string Expired = "Phiên đăng nhập không hợp lệ hoặc đã hết hạn. Vui lòng chọn lại tài khoản và bấm Đăng nhập.";

    public const string NoAccount = "Vui lòng chọn một tài khoản trong danh sách.";

    private const string Style = """
        *{box-sizing:border-box}
        body{margin:0;font-family:system-ui,-apple-system,"Segoe UI",Roboto,Arial,sans-serif;background:#eef2f6;color:#1d2939;line-height:1.5}
        header{background:#c8102e;color:#fff;padding:.75rem 1rem;font-weight:600}
        main{max-width:34rem;margin:1rem auto;padding:1rem 1.25rem;background:#fff;border-radius:.5rem;box-shadow:0 1px 3px rgba(0,0,0,.12)}
        h1{font-size:1.3rem;margin:.25rem 0 1rem}
        .note{font-size:.875rem;color:#475467;background:#fffaeb;border-left:4px solid #f79009;padding:.5rem .75rem}
        .error{color:#b42318;background:#fef3f2;border-left:4px solid #b42318;padding:.5rem .75rem;font-weight:600}
        fieldset{border:1px solid #d0d5dd;border-radius:.5rem;margin:1rem 0 0;padding:.5rem .75rem}
        legend{font-weight:600;padding:0 .25rem}
        fieldset label{display:flex;align-items:center;gap:.75rem;min-height:3.25rem;padding:.35rem 0;cursor:pointer;border-top:1px solid #eaecf0}
        fieldset label:first-of-type{border-top:0}
        label span{display:flex;flex-direction:column;min-width:0}
        label small{color:#475467;overflow-wrap:anywhere}
        input[type=radio]{flex:none;width:1.2rem;height:1.2rem;margin:0}
        button{display:block;width:100%;margin-top:1.25rem;font:inherit;font-weight:600;padding:.75rem;border-radius:.375rem;border:2px solid #c8102e;background:#c8102e;color:#fff;cursor:pointer}
        :focus-visible{outline:3px solid #f79009;outline-offset:2px}
        @media (max-width:420px){main{margin:0;border-radius:0}}
        """;

    /// <param name="carried">The authorization request's parameters, posted back with the choice.</param>
    /// <param name="antiforgery">The antiforgery field's name and this browser's token.</param>
    public static string SignIn(IEnumerable<(string Name, string Value)> carried, (string Name, string Value) antiforgery, string? error)
    {
        var hidden = string.Concat(carried.Append(antiforgery).Select(p =>
            $"""<input type="hidden" name="{Encoder.Encode(p.Name)}" value="{Encoder.Encode(p.Value)}">"""));
        var accounts = string.Concat(TestAccounts.All.Select((account, i) => $"""
            <label><input type="radio" name="{SignInPage.AccountField}" value="{Encoder.Encode(account.Sub)}"{(i == 0 ? " checked" : "")}>
            <span><strong>{Encoder.Encode(account.Name)}</strong><small>{Encoder.Encode(Describe(account))}</small></span></label>
            """));
        return Page("Đăng nhập bằng tài khoản định danh điện tử (thử nghiệm)", $"""
            {(error is null ? "" : $"""<p class="error" role="alert">{Encoder.Encode(error)}</p>""")}
            <p class="note">Nhà cung cấp định danh thử nghiệm theo chuẩn OpenID Connect, không phải VNeID: không cần mật khẩu, không dùng dữ liệu thật. Chọn một tài khoản để đăng nhập vào Cổng dịch vụ công MotCua.</p>
            <form method="post" action="{SignInPage.AuthorizePath}">
            {hidden}
            <fieldset><legend>Chọn tài khoản thử nghiệm</legend>{accounts}</fieldset>
            <button type="submit">Đăng nhập</button>
            </form>
            """);
    }

    public static string SignedOut() => Page("Bạn đã đăng xuất", """
        <p>Phiên đăng nhập bằng tài khoản định danh điện tử thử nghiệm đã kết thúc. Bạn có thể đóng trang này.</p>
        """);

    private static string Describe(TestAccount account) => account.IdNumber is { } idNumber
        ? $"Công dân · Số định danh cá nhân {idNumber}"
        : $"Doanh nghiệp · Mã số thuế {account.TaxCode}";

    private static string Page(string title, string body) => $"""
        <!doctype html>
        <html lang="vi">
        <head>
        <meta charset="utf-8">
        <meta name="viewport" content="width=device-width, initial-scale=1">
        <title>{Encoder.Encode(title)} · Định danh điện tử demo</title>
        <style>
        {Style}
        </style>
        </head>
        <body>
        <header>Định danh điện tử demo · MotCua</header>
        <main>
        <h1>{Encoder.Encode(title)}</h1>
        {body}
        </main>
        </body>
        </html>
        """;
}
