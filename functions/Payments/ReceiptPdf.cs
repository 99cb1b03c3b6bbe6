// The electronic fee receipt a citizen downloads once a fee is paid: one A4 page of real, extractable Vietnamese text.
using System.Globalization;
using MotCua.Vietnam;
using PdfSharp;
using PdfSharp.Drawing;
using PdfSharp.Pdf;

namespace MotCua.Payments;

internal static class ReceiptPdf
{
    /// <summary>2 cm on every side.</summary>
    private const double Margin = 56.7;


    public static byte[] Create(FeeReceipt receipt)
    {
        ReceiptFonts.Install();
        using var document = new PdfDocument();
        document.Info.Title = $"Biên lai {receipt.ReceiptNo}";
        var page = document.AddPage();
        page.Size = PageSize.A4;
        using (var graphics = XGraphics.FromPdfPage(page))
        {
            Draw(new Layout(graphics, Margin, page.Width.Point - 2 * Margin), receipt);
        }

        using var pdf = new MemoryStream();
        document.Save(pdf);
        return pdf.ToArray();
    }

    private static void Draw(Layout layout, FeeReceipt receipt)
    {
        layout.Centered(receipt.PortalName.ToUpper(CultureInfo.InvariantCulture), layout.Heading);
        layout.Space(24);
        layout.Centered("BIÊN LAI THU PHÍ, LỆ PHÍ ĐIỆN TỬ", layout.Title);
        layout.Space(4);
        layout.Centered($"Số biên lai: {receipt.ReceiptNo}", layout.Regular);
        layout.Space(24);
        layout.Table(Rows(receipt));
        layout.Space(24);
        layout.Centered("Biên lai điện tử có giá trị như biên lai giấy.", layout.Regular);
    }

    private static (string Label, string Value)[] Rows(FeeReceipt receipt) =>
    [
        ("Mã hồ sơ", receipt.DossierId),
        ("Thủ tục", receipt.ProcedureName),
        ("Người nộp", $"{receipt.PayerName} ({receipt.PayerIdMasked})"),
        ("Nội dung thu", receipt.Reason),
        ("Số tiền", Money.Vnd(receipt.AmountVnd)),
        ("Bằng chữ", AmountInWords.Vnd(receipt.AmountVnd)),
        ("Mã giao dịch (cổng thanh toán)", receipt.GatewayTransactionNo),
        ("Ngân hàng", receipt.BankCode),
        ("Thời gian thanh toán", VietnamTime.Of(receipt.PaidAt).ToString("dd/MM/yyyy HH:mm:ss", CultureInfo.InvariantCulture)),
        ("Đơn vị thu", receipt.CollectedFor),
    ];

    /// <summary>Writes down the page from the top margin, every line wrapped to the width so that none runs off the page.</summary>
    private sealed class Layout(XGraphics graphics, double left, double width)
    {
        private const double ColumnGap = 8;
        private const double RowGap = 6;

        /// <summary>
        /// Unicode encoding: Vietnamese letters, and a ToUnicode map that lets readers extract them. The whole font file, not a
        /// subset: PDFsharp 6.2's subsets keep a composite glyph's parts but not their parts (empira/PDFsharp#348), and
        /// DejaVu builds "ố" from "o" and a circumflex-acute built from two marks, so a subset draws it as "o".
        /// </summary>
        private static readonly XPdfFontOptions Unicode = new(PdfFontEncoding.Unicode, PdfFontEmbedding.EmbedCompleteFontFile);

        private double _top = Margin;

        public XFont Regular { get; } = new(ReceiptFonts.Family, 11, XFontStyleEx.Regular, Unicode);

        public XFont Label { get; } = new(ReceiptFonts.Family, 11, XFontStyleEx.Bold, Unicode);

        public XFont Heading { get; } = new(ReceiptFonts.Family, 12, XFontStyleEx.Bold, Unicode);

        public XFont Title { get; } = new(ReceiptFonts.Family, 16, XFontStyleEx.Bold, Unicode);

        public void Space(double points) => _top += points;

        public void Centered(string text, XFont font) => _top += DrawLines(Wrap(text, font, width), font, left, width, XStringFormats.TopCenter);

        /// <summary>Labels ("Thủ tục:") in a column as wide as the widest of them, each value beside its label, wrapped.</summary>
        public void Table((string Label, string Value)[] rows)
        {
            var labelWidth = rows.Max(row => graphics.MeasureString($"{row.Label}:", Label).Width) + ColumnGap;
            var valueWidth = width - labelWidth;
            foreach (var (label, value) in rows)
            {
                var labelHeight = DrawLines([$"{label}:"], Label, left, labelWidth, XStringFormats.TopLeft);
                var valueHeight = DrawLines(Wrap(value, Regular, valueWidth), Regular, left + labelWidth, valueWidth, XStringFormats.TopLeft);
                _top += Math.Max(labelHeight, valueHeight) + RowGap;
            }
        }

        /// <summary>Lines one under the other from the current top, in a column; the height they take.</summary>
        private double DrawLines(List<string> lines, XFont font, double x, double columnWidth, XStringFormat format)
        {
            var height = font.GetHeight();
            for (var i = 0; i < lines.Count; i++)
            {
                graphics.DrawString(lines[i], font, XBrushes.Black, new XRect(x, _top + i * height, columnWidth, height), format);
            }

            return lines.Count * height;
        }

        /// <summary>Words on a line while they fit; a word wider than a whole line is cut where it must be.</summary>
        private List<string> Wrap(string text, XFont font, double lineWidth)
        {
            bool Fits(string line) => graphics.MeasureString(line, font).Width <= lineWidth;
            var lines = new List<string>();
            var line = "";
            foreach (var word in text.Split(default(char[]), StringSplitOptions.RemoveEmptyEntries))
            {
                var longer = line.Length == 0 ? word : $"{line} {word}";
                if (Fits(longer))
                {
                    line = longer;
                    continue;
                }

                if (line.Length > 0)
                {
                    lines.Add(line);
                }

                for (line = word; !Fits(line);)
                {
                    var cut = line.Length - 1;
                    while (cut > 1 && !Fits(line[..cut]))
                    {
                        cut--;
                    }

                    lines.Add(line[..cut]);
                    line = line[cut..];
                }
            }

            if (line.Length > 0)
            {
                lines.Add(line);
            }

            return lines;
        }
    }
}
