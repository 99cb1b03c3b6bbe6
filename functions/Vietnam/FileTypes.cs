// What an uploaded document really is (by its bytes, never its name), and a file name that is safe to keep and show.
using System.Buffers.Binary;
using System.IO.Compression;
using System.Text;

namespace MotCua.Vietnam;

internal static class FileTypes
{
    public const string Pdf = "application/pdf";
    public const string Jpeg = "image/jpeg";
    public const string Png = "image/png";
    public const string Docx = "application/vnd.openxmlformats-officedocument.wordprocessingml.document";
    public const string Xlsx = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet";

    public const string FallbackFileName = "tep-dinh-kem";
    public const int MaxFileNameLength = 120;

    // A real document has tens of parts (a few hundred for a workbook with many sheets) and expands a few times, XML at most
    // a few tens of times; anything far beyond that is built to exhaust whoever unpacks it later.
    internal const int MaxZipEntries = 2_000;
    internal const long MaxUncompressedBytes = 100L * 1024 * 1024;
    internal const int MaxCompressionRatio = 100;
    // Below this size a high ratio is harmless (a short, repetitive XML part), so the ratio is only checked above it.
    private const long RatioCheckedFrom = 1024 * 1024;

    private const uint EndOfCentralDirectorySignature = 0x06054B50;
    private const int EndOfCentralDirectoryLength = 22;

    private static readonly byte[] PdfMagic = "%PDF-"u8.ToArray();
    private static readonly byte[] JpegMagic = [0xFF, 0xD8, 0xFF];
    private static readonly byte[] PngMagic = [0x89, 0x50, 0x4E, 0x47, 0x0D, 0x0A, 0x1A, 0x0A];
    private static readonly byte[] ZipMagic = [0x50, 0x4B, 0x03, 0x04];

    /// <summary>
    /// The MIME type of a PDF, JPEG, PNG, DOCX or XLSX, or null for anything else, including a zip bomb or an encrypted zip
    /// named .docx. Only the zip's central directory is read; nothing is decompressed. The stream is left at position 0.
    /// </summary>
    public static string? Detect(Stream content)
    {
        ArgumentNullException.ThrowIfNull(content);
        if (!content.CanSeek)
        {
            throw new ArgumentException("Buffer the upload first: detection reads the end of zip files.", nameof(content));
        }

        try
        {
            content.Position = 0;
            Span<byte> head = stackalloc byte[PngMagic.Length];
            head = head[..content.ReadAtLeast(head, head.Length, throwOnEndOfStream: false)];
            return head.StartsWith(PdfMagic) ? Pdf
                : head.StartsWith(JpegMagic) ? Jpeg
                : head.StartsWith(PngMagic) ? Png
                : head.StartsWith(ZipMagic) ? OfficeType(content)
                : null;
        }
        finally
        {
            content.Position = 0;
        }
    }

    /// <summary>
    /// The last path segment of a client-supplied name (no "../", "\", drive letters), in NFC, without control, bidi or
    /// Windows-reserved characters, at most <see cref="MaxFileNameLength"/> characters keeping the extension; Vietnamese
    /// letters are kept. <see cref="FallbackFileName"/> when nothing is left.
    /// </summary>
    public static string SafeFileName(string? name)
    {
        var text = VietnameseText.Normalize(name ?? "");
        text = text[(text.LastIndexOfAny(['/', '\\']) + 1)..];
        if (text is [_, ':', ..] && char.IsAsciiLetter(text[0]))
        {
            text = text[2..];
        }

        var kept = new StringBuilder(text.Length);
        foreach (var c in text)
        {
            if (!VietnameseText.IsControl(c) && c is not ('<' or '>' or ':' or '"' or '|' or '?' or '*'))
            {
                kept.Append(c);
            }
        }

        text = TrimDotsAndSpaces(kept.ToString());
        return text.Length == 0 ? FallbackFileName : Shorten(text);
    }

    /// <summary>Leading dots hide files; trailing dots and spaces are dropped by Windows when the file is saved.</summary>
    private static string TrimDotsAndSpaces(string name)
    {
        var start = 0;
        var end = name.Length;
        while (start < end && (name[start] == '.' || char.IsWhiteSpace(name[start])))
        {
            start++;
        }

        while (end > start && (name[end - 1] == '.' || char.IsWhiteSpace(name[end - 1])))
        {
            end--;
        }

        return name[start..end];
    }

    private static string Shorten(string name)
    {
        if (name.Length <= MaxFileNameLength)
        {
            return name;
        }

        var dot = name.LastIndexOf('.');
        var extension = dot > 0 && name.Length - dot <= 10 ? name[dot..] : "";
        var stem = name[..(MaxFileNameLength - extension.Length)];
        // Never cut an emoji or other astral character in half.
        return TrimDotsAndSpaces(char.IsHighSurrogate(stem[^1]) ? stem[..^1] : stem) + extension;
    }

    private static string? OfficeType(Stream content)
    {
        try
        {
            // The declared count bounds what ZipArchive materialises (it refuses a directory that disagrees with it), so an
            // absurd count is refused before reading. 0xFFFF means ZIP64, which no document within the upload limits needs.
            if (DeclaredEntryCount(content) is not (> 0 and <= MaxZipEntries))
            {
                return null;
            }

            content.Position = 0;
            using var zip = new ZipArchive(content, ZipArchiveMode.Read, leaveOpen: true);
            long uncompressed = 0;
            bool contentTypes = false, document = false, workbook = false;
            foreach (var entry in zip.Entries)
            {
                uncompressed += entry.Length;
                if (IsSuspect(entry, uncompressed, content.Length))
                {
                    return null;
                }

                contentTypes |= entry.FullName == "[Content_Types].xml";
                document |= entry.FullName == "word/document.xml";
                workbook |= entry.FullName == "xl/workbook.xml";
            }

            return (contentTypes, document, workbook) switch
            {
                (true, true, false) => Docx,
                (true, false, true) => Xlsx,
                _ => null,
            };
        }
        catch (Exception ex) when (ex is InvalidDataException or EndOfStreamException)
        {
            return null;
        }
    }

    /// <summary>
    /// An entry no real document has: encrypted, larger compressed than the whole zip, or expanding past the limits (with
    /// <paramref name="uncompressed"/> bytes of the zip's entries so far, this one's included).
    /// </summary>
    private static bool IsSuspect(ZipArchiveEntry entry, long uncompressed, long zipLength) =>
        entry.IsEncrypted
        || entry.CompressedLength > zipLength
        || uncompressed > MaxUncompressedBytes
        || (entry.Length > RatioCheckedFrom && entry.Length > MaxCompressionRatio * entry.CompressedLength);

    private static int? DeclaredEntryCount(Stream zip)
    {
        // The end-of-central-directory record closes the file, followed only by a comment of up to 65,535 bytes.
        var length = (int)Math.Min(zip.Length, EndOfCentralDirectoryLength + ushort.MaxValue);
        var tail = new byte[length];
        zip.Seek(-length, SeekOrigin.End);
        zip.ReadExactly(tail);
        for (var at = length - EndOfCentralDirectoryLength; at >= 0; at--)
        {
            if (BinaryPrimitives.ReadUInt32LittleEndian(tail.AsSpan(at)) == EndOfCentralDirectorySignature)
            {
                return BinaryPrimitives.ReadUInt16LittleEndian(tail.AsSpan(at + 10));
            }
        }

        return null;
    }
}
