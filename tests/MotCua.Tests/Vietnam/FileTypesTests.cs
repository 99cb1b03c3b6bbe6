using System.Buffers.Binary;
using System.IO.Compression;
using System.Text;
using MotCua.Vietnam;

namespace MotCua.Tests.Vietnam;

public sealed class FileTypesTests
{
    private static readonly byte[] TinyPdf = Encoding.ASCII.GetBytes("%PDF-1.7\n1 0 obj <<>> endobj\ntrailer <</Root 1 0 R>>\n%%EOF\n");
    private static readonly byte[] TinyJpeg = [0xFF, 0xD8, 0xFF, 0xE0, 0x00, 0x10, (byte)'J', (byte)'F', (byte)'I', (byte)'F', 0x00, 0x01, 0xFF, 0xD9];
    private static readonly byte[] TinyPng =
    [
        0x89, 0x50, 0x4E, 0x47, 0x0D, 0x0A, 0x1A, 0x0A,
        0x00, 0x00, 0x00, 0x0D, (byte)'I', (byte)'H', (byte)'D', (byte)'R', 0, 0, 0, 1, 0, 0, 0, 1, 8, 6, 0, 0, 0, 0x1F, 0x15, 0xC4, 0x89,
    ];

    private static readonly (string Name, byte[] Content)[] WordParts =
    [
        ("[Content_Types].xml", "<?xml version=\"1.0\"?><Types xmlns=\"http://schemas.openxmlformats.org/package/2006/content-types\"/>"u8.ToArray()),
        ("_rels/.rels", "<?xml version=\"1.0\"?><Relationships xmlns=\"http://schemas.openxmlformats.org/package/2006/relationships\"/>"u8.ToArray()),
        ("word/document.xml", "<w:document xmlns:w=\"http://schemas.openxmlformats.org/wordprocessingml/2006/main\"><w:body><w:p/></w:body></w:document>"u8.ToArray()),
    ];

    private static readonly (string Name, byte[] Content)[] ExcelParts =
    [
        WordParts[0],
        WordParts[1],
        ("xl/workbook.xml", "<workbook xmlns=\"http://schemas.openxmlformats.org/spreadsheetml/2006/main\"><sheets/></workbook>"u8.ToArray()),
    ];

    [Fact]
    public void A_pdf_is_recognised()
    {
        Assert.Equal(FileTypes.Pdf, FileTypes.Detect(new MemoryStream(TinyPdf)));
    }

    [Fact]
    public void A_jpeg_is_recognised()
    {
        Assert.Equal(FileTypes.Jpeg, FileTypes.Detect(new MemoryStream(TinyJpeg)));
    }

    [Fact]
    public void A_png_is_recognised()
    {
        Assert.Equal(FileTypes.Png, FileTypes.Detect(new MemoryStream(TinyPng)));
    }

    [Fact]
    public void A_docx_is_recognised()
    {
        Assert.Equal(FileTypes.Docx, FileTypes.Detect(Zip(WordParts)));
    }

    [Fact]
    public void An_xlsx_is_recognised()
    {
        Assert.Equal(FileTypes.Xlsx, FileTypes.Detect(Zip(ExcelParts)));
    }

    [Fact]
    public void A_docx_with_a_large_ordinarily_compressible_part_is_recognised()
    {
        // 2 MiB of hex text compresses about 2:1, like pictures and real XML: well within the ratio a document may have.
        var text = Encoding.ASCII.GetBytes(Convert.ToHexString(System.Security.Cryptography.RandomNumberGenerator.GetBytes(1024 * 1024)));

        Assert.Equal(FileTypes.Docx, FileTypes.Detect(Zip([.. WordParts, ("word/media/notes.xml", text)])));
    }

    [Fact]
    public void Detection_starts_from_the_beginning_and_rewinds()
    {
        var stream = Zip(WordParts);
        stream.Seek(0, SeekOrigin.End);

        Assert.Equal(FileTypes.Docx, FileTypes.Detect(stream));
        Assert.Equal(0, stream.Position);
    }

    [Fact]
    public void A_stream_that_cannot_seek_is_refused()
    {
        using var pipe = new System.IO.Pipes.AnonymousPipeServerStream();

        Assert.Throws<ArgumentException>(() => FileTypes.Detect(pipe));
    }

    [Theory]
    [InlineData(new byte[0])]
    [InlineData(new byte[] { (byte)'%', (byte)'P', (byte)'D' })]                           // truncated PDF header
    [InlineData(new byte[] { 0x89, 0x50, 0x4E, 0x47 })]                                      // truncated PNG signature
    [InlineData(new byte[] { 0xFF, 0xD8 })]                                                  // truncated JPEG marker
    [InlineData(new byte[] { (byte)'M', (byte)'Z', 0x90, 0x00, 0x03, 0x00, 0x00, 0x00 })]   // a Windows executable
    [InlineData(new byte[] { 0x7F, (byte)'E', (byte)'L', (byte)'F', 2, 1, 1, 0 })]           // a Linux executable
    [InlineData(new byte[] { (byte)'G', (byte)'I', (byte)'F', (byte)'8', (byte)'9', (byte)'a' })]
    [InlineData(new byte[] { (byte)' ', (byte)'%', (byte)'P', (byte)'D', (byte)'F', (byte)'-' })]
    public void Other_content_is_not_a_supported_type(byte[] content)
    {
        Assert.Null(FileTypes.Detect(new MemoryStream(content)));
    }

    [Fact]
    public void A_zip_that_is_not_an_office_document_is_refused()
    {
        Assert.Null(FileTypes.Detect(Zip([("hoso.pdf", TinyPdf)])));
        Assert.Null(FileTypes.Detect(Zip([WordParts[0]])));                      // content types, but no main part
        Assert.Null(FileTypes.Detect(Zip(WordParts[1..])));                      // main part, but no content types
        Assert.Null(FileTypes.Detect(Zip([.. WordParts, ExcelParts[2]])));       // both: neither
    }

    [Fact]
    public void A_truncated_docx_is_refused()
    {
        var whole = Zip(WordParts).ToArray();

        Assert.Null(FileTypes.Detect(new MemoryStream(whole[..(whole.Length / 2)])));
        Assert.Null(FileTypes.Detect(new MemoryStream(whole[..^1])));
    }

    [Fact]
    public void A_zip_bomb_named_docx_is_refused()
    {
        // 50 MB of zeros deflates to about 50 KB: a ratio near 1000:1.
        var bomb = Zip(WordParts, ("word/media/image1.png", 50_000_000));

        Assert.True(bomb.Length < 1_000_000);
        Assert.Null(FileTypes.Detect(bomb));
    }

    [Fact]
    public void A_docx_whose_directory_claims_a_huge_part_is_refused()
    {
        var zip = Zip(WordParts).ToArray();
        var header = CentralHeader(zip, "word/document.xml");
        BinaryPrimitives.WriteUInt32LittleEndian(zip.AsSpan(header + 24), 0x7FFF_FFFF); // uncompressed size

        Assert.Null(FileTypes.Detect(new MemoryStream(zip)));
    }

    [Fact]
    public void A_docx_whose_directory_claims_more_compressed_bytes_than_the_file_has_is_refused()
    {
        var zip = Zip(WordParts).ToArray();
        var header = CentralHeader(zip, "word/document.xml");
        BinaryPrimitives.WriteUInt32LittleEndian(zip.AsSpan(header + 20), (uint)zip.Length + 1); // compressed size

        Assert.Null(FileTypes.Detect(new MemoryStream(zip)));
    }

    [Fact]
    public void An_encrypted_docx_is_refused()
    {
        var zip = Zip(WordParts).ToArray();
        var header = CentralHeader(zip, "word/document.xml");
        zip[header + 8] |= 1; // general purpose flag bit 0: encrypted
        zip[BinaryPrimitives.ReadInt32LittleEndian(zip.AsSpan(header + 42)) + 6] |= 1; // and in the local header

        Assert.Null(FileTypes.Detect(new MemoryStream(zip)));
    }

    [Fact]
    public void A_docx_with_an_absurd_number_of_parts_is_refused()
    {
        var parts = WordParts.Concat(Enumerable.Range(0, FileTypes.MaxZipEntries).Select(i => ($"word/x{i}.xml", Array.Empty<byte>())));

        Assert.Null(FileTypes.Detect(Zip([.. parts])));
    }

    [Theory]
    [InlineData("Đơn đề nghị.pdf", "Đơn đề nghị.pdf")]
    [InlineData("../../etc/passwd", "passwd")]
    [InlineData(@"C:\Users\An\Desktop\Giấy khai sinh.jpg", "Giấy khai sinh.jpg")]
    [InlineData("C:bao-cao.xlsx", "bao-cao.xlsx")]
    [InlineData("..\\..\\web.config", "web.config")]
    [InlineData("hoso\u202Efdp.exe", "hosofdp.exe")]
    [InlineData("ảnh\r\nchụp\u0000.png", "ảnhchụp.png")]
    [InlineData("báo<cáo>:\"quý|1\"?*.docx", "báocáoquý1.docx")]
    [InlineData(".htaccess", "htaccess")]
    [InlineData("  tờ khai. . ", "tờ khai")]
    [InlineData("../", "tep-dinh-kem")]
    [InlineData("...", "tep-dinh-kem")]
    [InlineData("   ", "tep-dinh-kem")]
    [InlineData("", "tep-dinh-kem")]
    [InlineData(null, "tep-dinh-kem")]
    public void SafeFileName_keeps_the_last_segment_without_dangerous_characters(string? name, string expected)
    {
        Assert.Equal(expected, FileTypes.SafeFileName(name));
    }

    [Fact]
    public void SafeFileName_composes_Vietnamese_letters()
    {
        var decomposed = "Chứng minh thư.pdf".Normalize(NormalizationForm.FormD);

        var safe = FileTypes.SafeFileName(decomposed);

        Assert.Equal("Chứng minh thư.pdf", safe);
        Assert.True(safe.IsNormalized(NormalizationForm.FormC));
    }

    [Fact]
    public void SafeFileName_shortens_to_120_characters_keeping_the_extension()
    {
        // 30 × "Giấy tờ " is 240 characters; 115 of them leave room for ".docx".
        var safe = FileTypes.SafeFileName(string.Concat(Enumerable.Repeat("Giấy tờ ", 30)) + ".docx");

        Assert.Equal(FileTypes.MaxFileNameLength, safe.Length);
        Assert.StartsWith("Giấy tờ Giấy tờ", safe, StringComparison.Ordinal);
        Assert.EndsWith("tờ Giấ.docx", safe, StringComparison.Ordinal);
    }

    [Fact]
    public void SafeFileName_does_not_cut_a_character_in_half()
    {
        var safe = FileTypes.SafeFileName(new string('a', 119) + "😀😀");

        Assert.Equal(new string('a', 119), safe);
    }

    private static MemoryStream Zip((string Name, byte[] Content)[] parts, (string Name, int Zeros)? bomb = null)
    {
        var stream = new MemoryStream();
        using (var zip = new ZipArchive(stream, ZipArchiveMode.Create, leaveOpen: true))
        {
            foreach (var (name, content) in parts)
            {
                using var entry = zip.CreateEntry(name).Open();
                entry.Write(content);
            }

            if (bomb is { } zeros)
            {
                using var entry = zip.CreateEntry(zeros.Name, CompressionLevel.SmallestSize).Open();
                var chunk = new byte[1 << 20];
                for (var written = 0; written < zeros.Zeros; written += chunk.Length)
                {
                    entry.Write(chunk, 0, Math.Min(chunk.Length, zeros.Zeros - written));
                }
            }
        }

        stream.Position = 0;
        return stream;
    }

    /// <summary>The offset of the central directory header of the named entry.</summary>
    private static int CentralHeader(byte[] zip, string name)
    {
        for (var at = 0; at + 46 <= zip.Length; at++)
        {
            if (BinaryPrimitives.ReadUInt32LittleEndian(zip.AsSpan(at)) == 0x02014B50
                && Encoding.ASCII.GetString(zip, at + 46, BinaryPrimitives.ReadUInt16LittleEndian(zip.AsSpan(at + 28))) == name)
            {
                return at;
            }
        }

        throw new InvalidOperationException($"No central directory header for {name}.");
    }
}
