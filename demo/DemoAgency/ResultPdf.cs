// A one-page PDF written by hand (no library): header, five objects, a byte-exact xref table and trailer.
// The built-in Helvetica font has no Vietnamese letters, so text is folded to ASCII ("Kết quả" → "Ket qua").
using System.Globalization;
using System.Text;

namespace MotCua.DemoAgency;

internal static class ResultPdf
{
    public static byte[] Create(IEnumerable<string> lines)
    {
        var text = new StringBuilder("BT /F1 13 Tf 18 TL 72 770 Td");
        foreach (var line in lines)
        {
            text.Append(" (").Append(PdfString(line)).Append(") Tj T*");
        }

        text.Append(" ET");
        string[] objects =
        [
            "<< /Type /Catalog /Pages 2 0 R >>",
            "<< /Type /Pages /Kids [3 0 R] /Count 1 >>",
            "<< /Type /Page /Parent 2 0 R /MediaBox [0 0 595 842] /Resources << /Font << /F1 4 0 R >> >> /Contents 5 0 R >>",
            "<< /Type /Font /Subtype /Type1 /BaseFont /Helvetica /Encoding /WinAnsiEncoding >>",
            FormattableString.Invariant($"<< /Length {text.Length} >>\nstream\n{text}\nendstream"),
        ];

        // Everything is ASCII, so a character index is a byte offset.
        var pdf = new StringBuilder("%PDF-1.4\n");
        var offsets = new List<int>();
        for (var i = 0; i < objects.Length; i++)
        {
            offsets.Add(pdf.Length);
            pdf.Append(CultureInfo.InvariantCulture, $"{i + 1} 0 obj\n{objects[i]}\nendobj\n");
        }

        var xref = pdf.Length;
        // Each xref entry is exactly 20 bytes, ending in space + newline.
        pdf.Append(CultureInfo.InvariantCulture, $"xref\n0 {objects.Length + 1}\n0000000000 65535 f \n");
        foreach (var offset in offsets)
        {
            pdf.Append(CultureInfo.InvariantCulture, $"{offset:D10} 00000 n \n");
        }

        pdf.Append(CultureInfo.InvariantCulture, $"trailer\n<< /Size {objects.Length + 1} /Root 1 0 R >>\nstartxref\n{xref}\n%%EOF\n");
        return Encoding.ASCII.GetBytes(pdf.ToString());
    }

    /// <summary>The inside of a PDF literal string: diacritics dropped, đ → d, delimiters escaped, anything else non-ASCII → '?'.</summary>
    private static string PdfString(string text)
    {
        var folded = new StringBuilder(text.Length);
        foreach (var c in text.Normalize(NormalizationForm.FormD))
        {
            switch (c)
            {
                case var mark when CharUnicodeInfo.GetUnicodeCategory(mark) == UnicodeCategory.NonSpacingMark:
                    break;
                case 'đ':
                    folded.Append('d');
                    break;
                case 'Đ':
                    folded.Append('D');
                    break;
                case '(' or ')' or '\\':
                    folded.Append('\\').Append(c);
                    break;
                case < ' ' or > '~':
                    folded.Append('?');
                    break;
                default:
                    folded.Append(c);
                    break;
            }
        }

        return folded.ToString();
    }
}
