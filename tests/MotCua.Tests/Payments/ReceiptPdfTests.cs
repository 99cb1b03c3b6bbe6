// The receipt read back as a citizen's PDF reader (and a screen reader, or a search) reads it: its text, not its pixels.
using System.Text;
using System.Text.RegularExpressions;
using MotCua.Payments;
using UglyToad.PdfPig;
using UglyToad.PdfPig.Content;
using UglyToad.PdfPig.Core;
using UglyToad.PdfPig.PdfFonts;

namespace MotCua.Tests.Payments;

public sealed partial class ReceiptPdfTests
{
    private const string LongProcedureName =
        "Cấp giấy chứng nhận xuất xứ hàng hóa ưu đãi mẫu E cho hàng hóa xuất khẩu sang Trung Quốc theo Hiệp định Thương mại " +
        "hàng hóa ASEAN – Trung Quốc, hồ sơ nộp qua Cổng Dịch vụ công Quốc gia và được trả kết quả trực tuyến";

    /// <summary>The Vietnamese letters that carry two marks, which fonts build from other built glyphs.</summary>
    private const string TwoMarkLetters = "ấầẩẫậ ắằẳẵặ ếềểễệ ốồổỗộ ớờởỡợ ứừửữự";

    private const double OneCentimetre = 28.35;

    private static readonly FeeReceipt Receipt = new(
        PortalName: "Cổng Dịch vụ công Quốc gia",
        ReceiptNo: "BL-2026-000123",
        DossierId: "HS-7Q4K2M9XW3AB",
        ProcedureName: "Đổi giấy phép lái xe",
        PayerName: "Nguyễn Văn An",
        PayerIdMasked: "0010******45",
        Reason: "Lệ phí",
        AmountVnd: 135_000,
        GatewayTransactionNo: "14712345",
        BankCode: "NCB",
        PaidAt: new DateTimeOffset(2026, 12, 6, 3, 4, 5, TimeSpan.Zero),
        CollectedFor: "Sở Xây dựng Hà Nội");

    [Fact]
    public void The_receipt_is_one_PDF_page()
    {
        var pdf = ReceiptPdf.Create(Receipt);

        Assert.Equal("%PDF-"u8.ToArray(), pdf[..5]);
        using var document = PdfDocument.Open(pdf);
        Assert.Equal(1, document.NumberOfPages);
    }

    [Fact]
    public void The_receipt_shows_the_payment_in_extractable_Vietnamese_text()
    {
        var text = Text(ReceiptPdf.Create(Receipt));

        Assert.Contains("CỔNG DỊCH VỤ CÔNG QUỐC GIA", text);
        Assert.Contains("BIÊN LAI THU PHÍ, LỆ PHÍ ĐIỆN TỬ", text);
        Assert.Contains("Số biên lai: BL-2026-000123", text);
        Assert.Contains("Mã hồ sơ: HS-7Q4K2M9XW3AB", text);
        Assert.Contains("Thủ tục: Đổi giấy phép lái xe", text);
        Assert.Contains("Người nộp: Nguyễn Văn An (0010******45)", text);
        Assert.Contains("Nội dung thu: Lệ phí", text);
        Assert.Contains("Số tiền: 135.000 đồng", text);
        Assert.Contains("Bằng chữ: Một trăm ba mươi lăm nghìn đồng", text);
        Assert.Contains("Mã giao dịch (cổng thanh toán): 14712345", text);
        Assert.Contains("Ngân hàng: NCB", text);
        Assert.Contains("Đơn vị thu: Sở Xây dựng Hà Nội", text);
        Assert.Contains("Biên lai điện tử có giá trị như biên lai giấy.", text);
    }

    [Fact]
    public void The_time_of_payment_is_Vietnam_time()
    {
        var text = Text(ReceiptPdf.Create(Receipt));

        Assert.Contains("Thời gian thanh toán: 06/12/2026 10:04:05", text);
    }

    [Fact]
    public void A_long_procedure_name_wraps_inside_the_page()
    {
        var pdf = ReceiptPdf.Create(Receipt with { ProcedureName = LongProcedureName });

        using var document = PdfDocument.Open(pdf);
        var page = document.GetPage(1);
        Assert.Contains($"Thủ tục: {LongProcedureName}", Text(page));
        var words = page.GetWords().ToList();
        Assert.All(words, word => Assert.InRange(word.BoundingBox.Left, OneCentimetre, page.Width - OneCentimetre));
        Assert.All(words, word => Assert.InRange(word.BoundingBox.Right, OneCentimetre, page.Width - OneCentimetre));
        var nameLines = words.Where(word => word.Text is "ASEAN" or "Cấp" or "tuyến").Select(word => Math.Round(word.BoundingBox.Bottom)).Distinct();
        Assert.True(nameLines.Count() >= 3, "The procedure's name should take several lines.");
    }

    [Fact]
    public void A_word_wider_than_its_column_is_cut_inside_the_page()
    {
        var pdf = ReceiptPdf.Create(Receipt with { GatewayTransactionNo = new string('Z', 120) });

        using var document = PdfDocument.Open(pdf);
        var page = document.GetPage(1);
        Assert.Equal(120, page.Letters.Count(letter => letter.Value == "Z"));
        Assert.All(page.GetWords(), word => Assert.InRange(word.BoundingBox.Right, OneCentimetre, page.Width - OneCentimetre));
    }

    [Fact]
    public void Every_letter_is_drawn_with_all_its_marks()
    {
        var pdf = ReceiptPdf.Create(Receipt with { Reason = $"Lệ phí {TwoMarkLetters} {TwoMarkLetters.ToUpperInvariant()}" });

        using var document = PdfDocument.Open(pdf);
        var page = document.GetPage(1);
        Assert.All(TwoMarkLetters.Replace(" ", "", StringComparison.Ordinal), expected => Assert.Contains(page.Letters, letter => letter.Value == $"{expected}"));
        Assert.Empty(LettersDrawnWithoutTheirMarks(page));
    }

    /// <summary>
    /// Letters whose outline in the embedded font stops below the top of the glyph's box: a font subset that lost the marks a
    /// composite glyph is built from draws "ố" as "o", though the text still extracts as "ố".
    /// </summary>
    private static List<string> LettersDrawnWithoutTheirMarks(Page page)
    {
        var missing = new List<string>();
        foreach (var letters in page.Letters.Where(letter => !string.IsNullOrWhiteSpace(letter.Value)).GroupBy(letter => letter.GetFont()))
        {
            var font = letters.Key ?? throw new InvalidOperationException("A letter without its font.");
            var codes = Codes(font);
            foreach (var value in letters.Select(letter => letter.Value).Distinct(StringComparer.Ordinal))
            {
                var code = codes[value];
                var drawnTop = font.TryGetNormalisedPath(code, out var path) ? PdfSubpath.GetBoundingRectangle(path)?.Top : null;
                if (drawnTop is not { } top || top < font.GetBoundingBox(code).GlyphBounds.Top - 0.01)
                {
                    missing.Add($"{value} ({font.Name})");
                }
            }
        }

        return missing;
    }

    /// <summary>The character code of each letter the font maps to Unicode.</summary>
    private static Dictionary<string, int> Codes(IFont font)
    {
        var codes = new Dictionary<string, int>(StringComparer.Ordinal);
        for (var code = 0; code <= ushort.MaxValue; code++)
        {
            if (font.TryGetUnicode(code, out var value))
            {
                codes.TryAdd(value, code);
            }
        }

        return codes;
    }

    /// <summary>The text of a one-page PDF, words one space apart, NFC.</summary>
    internal static string Text(byte[] pdf)
    {
        using var document = PdfDocument.Open(pdf);
        return Text(document.GetPage(1));
    }

    /// <summary>The page's words in reading order, one space apart, NFC: extraction spaces words as it finds them.</summary>
    private static string Text(Page page) =>
        Whitespace().Replace(string.Join(' ', page.GetWords().Select(word => word.Text)), " ").Normalize(NormalizationForm.FormC);

    [GeneratedRegex(@"\s+")]
    private static partial Regex Whitespace();
}
