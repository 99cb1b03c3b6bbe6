// Reads a submission (JSON, or multipart with a `dossier` part and one file part per document) without
// trusting it: every file goes to a temporary file while it is hashed and counted, so limits are enforced
// as bytes arrive and nothing reaches storage before the whole request has been checked.
using System.Security.Cryptography;
using System.Text;
using Microsoft.AspNetCore.Http.Features;
using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.AspNetCore.WebUtilities;
using Microsoft.Net.Http.Headers;
using MotCua.Hosting;
using MotCua.Vietnam;

namespace MotCua.Documents;

internal sealed class UploadedFile(string partName, string fileName, FileStream content, long size, string sha256) : IAsyncDisposable
{
    public string PartName { get; } = partName;

    public string FileName { get; } = fileName;

    /// <summary>Deleted when disposed.</summary>
    public FileStream Content { get; } = content;

    public long Size { get; } = size;

    public string Sha256 { get; } = sha256;

    public ValueTask DisposeAsync() => Content.DisposeAsync();
}

/// <summary>An uploaded file that passed its checks: its detected type, a safe name, and the document of the procedure it answers.</summary>
internal sealed record ValidFile(UploadedFile File, string DocumentKey, string ContentType, string FileName);

internal sealed class DossierUpload : IAsyncDisposable
{
    public string? DossierJson { get; set; }

    public List<UploadedFile> Files { get; } = [];

    /// <summary>What makes two submissions "the same body" for Idempotency-Key: the dossier and each file's hash, not the multipart boundary.</summary>
    public string Fingerprint()
    {
        var text = new StringBuilder(DossierJson ?? "");
        foreach (var file in Files)
        {
            text.Append('\n').Append(file.PartName).Append(':').Append(file.Sha256);
        }

        return Convert.ToHexStringLower(SHA256.HashData(Encoding.UTF8.GetBytes(text.ToString())));
    }

    public async ValueTask DisposeAsync()
    {
        foreach (var file in Files)
        {
            await file.DisposeAsync();
        }
    }
}

/// <summary>Why a request could not be read: the status (400, 413, 415) and a Vietnamese explanation.</summary>
internal sealed record UploadRefusal(int Status, string Detail)
{
    public ProblemHttpResult ToProblem() => Problems.Status(Status, Detail);
}

internal static class DossierUploadReader
{
    public const string DossierPart = "dossier";

    // API.md: bodies are UTF-8. Bytes that are not must be refused, not stored as U+FFFD in a citizen's name.
    private static readonly UTF8Encoding StrictUtf8 = new(encoderShouldEmitUTF8Identifier: false, throwOnInvalidBytes: true);

    /// <summary>Reads the request, or says why it cannot be read. The caller disposes the upload.</summary>
    /// <param name="jsonPart">The multipart part that carries the JSON object (the other parts are files).</param>
    public static async Task<(DossierUpload? Upload, UploadRefusal? Refusal)> ReadAsync(HttpRequest request, UploadLimits limits,
        bool allowJson, string jsonPart, CancellationToken cancellationToken)
    {
        // Room for the largest allowed dossier plus multipart framing; the per-file and per-dossier checks below are the real limits.
        var maxBody = limits.MaxDossierBytes + limits.MaxJsonBytes + (1024 * 1024);
        if (request.ContentLength > maxBody)
        {
            // Refused before a byte is read: a client that sent Expect: 100-continue (curl does for large uploads) never sends it.
            return (null, TooLarge(limits));
        }

        if (request.HttpContext.Features.Get<IHttpMaxRequestBodySizeFeature>() is { IsReadOnly: false } bodyLimit)
        {
            bodyLimit.MaxRequestBodySize = maxBody;
        }

        var upload = new DossierUpload();
        try
        {
            var refusal = request.HasJsonContentType() && allowJson
                ? await ReadJsonAsync(request, upload, limits, cancellationToken)
                : MediaTypeHeaderValue.TryParse(request.ContentType, out var type) && type.MediaType.Equals("multipart/form-data", StringComparison.OrdinalIgnoreCase)
                    ? await ReadMultipartAsync(request, type, upload, limits, jsonPart, cancellationToken)
                    : new UploadRefusal(StatusCodes.Status415UnsupportedMediaType,
                        allowJson ? "Chỉ nhận application/json hoặc multipart/form-data." : "Chỉ nhận multipart/form-data.");
            if (refusal is null)
            {
                return (upload, null);
            }

            await upload.DisposeAsync();
            return (null, refusal);
        }
        catch (Exception ex) when (ex is BadHttpRequestException or InvalidDataException or IOException or DecoderFallbackException)
        {
            await upload.DisposeAsync();
            return (null, Unreadable(ex, limits));
        }
    }

    /// <summary>Why a body that failed while it was read is refused: too large, JSON that is not UTF-8, or multipart that is broken or cut.</summary>
    private static UploadRefusal Unreadable(Exception exception, UploadLimits limits) => exception switch
    {
        BadHttpRequestException { StatusCode: StatusCodes.Status413PayloadTooLarge } => TooLarge(limits),
        DecoderFallbackException => new UploadRefusal(StatusCodes.Status400BadRequest, "Nội dung JSON phải là văn bản UTF-8 hợp lệ."),
        _ => new UploadRefusal(StatusCodes.Status400BadRequest, "Không đọc được nội dung yêu cầu (multipart không hợp lệ hoặc bị cắt)."),
    };

    private static async Task<UploadRefusal?> ReadJsonAsync(HttpRequest request, DossierUpload upload, UploadLimits limits, CancellationToken cancellationToken)
    {
        var (text, tooLong) = await ReadTextAsync(request.Body, limits.MaxJsonBytes, cancellationToken);
        if (tooLong)
        {
            return new UploadRefusal(StatusCodes.Status413PayloadTooLarge, $"Hồ sơ (JSON) vượt quá {Size(limits.MaxJsonBytes)}.");
        }

        upload.DossierJson = text;
        return null;
    }

    private static async Task<UploadRefusal?> ReadMultipartAsync(HttpRequest request, MediaTypeHeaderValue type, DossierUpload upload,
        UploadLimits limits, string jsonPart, CancellationToken cancellationToken)
    {
        var boundary = HeaderUtilities.RemoveQuotes(type.Boundary).Value;
        if (string.IsNullOrWhiteSpace(boundary) || boundary.Length > 200)
        {
            return new UploadRefusal(StatusCodes.Status400BadRequest, "Thiếu boundary của multipart/form-data.");
        }

        var reader = new MultipartReader(boundary, request.Body) { HeadersCountLimit = 16, HeadersLengthLimit = 16 * 1024 };
        while (await reader.ReadNextSectionAsync(cancellationToken) is { } section)
        {
            if (!ContentDispositionHeaderValue.TryParse(section.ContentDisposition, out var disposition)
                || !disposition.DispositionType.Equals("form-data", StringComparison.OrdinalIgnoreCase) || string.IsNullOrEmpty(disposition.Name.Value))
            {
                return new UploadRefusal(StatusCodes.Status400BadRequest, "Mỗi phần của multipart phải có Content-Disposition: form-data; name=\"…\".");
            }

            var name = HeaderUtilities.RemoveQuotes(disposition.Name).Value!;
            var refusal = name == jsonPart
                ? await ReadJsonPartAsync(section.Body, upload, limits, jsonPart, cancellationToken)
                : await ReadFilePartAsync(section.Body, name, disposition, upload, limits, cancellationToken);
            if (refusal is not null)
            {
                return refusal;
            }
        }

        return null;
    }

    /// <summary>The part that carries the JSON object: one at most, within the JSON limit.</summary>
    private static async Task<UploadRefusal?> ReadJsonPartAsync(Stream body, DossierUpload upload, UploadLimits limits, string jsonPart,
        CancellationToken cancellationToken)
    {
        var (text, tooLong) = await ReadTextAsync(body, limits.MaxJsonBytes, cancellationToken);
        if (tooLong || upload.DossierJson is not null)
        {
            return new UploadRefusal(tooLong ? StatusCodes.Status413PayloadTooLarge : StatusCodes.Status400BadRequest,
                tooLong ? $"Phần {jsonPart} vượt quá {Size(limits.MaxJsonBytes)}." : $"Chỉ được có một phần {jsonPart}.");
        }

        upload.DossierJson = text;
        return null;
    }

    /// <summary>A file part, buffered: within the number of files, the file limit and what is left of the dossier limit.</summary>
    private static async Task<UploadRefusal?> ReadFilePartAsync(Stream body, string name, ContentDispositionHeaderValue disposition, DossierUpload upload,
        UploadLimits limits, CancellationToken cancellationToken)
    {
        if (upload.Files.Count == limits.MaxFiles)
        {
            return new UploadRefusal(StatusCodes.Status413PayloadTooLarge, $"Một hồ sơ có tối đa {limits.MaxFiles} tệp.");
        }

        var fileName = HeaderUtilities.RemoveQuotes(disposition.FileNameStar.HasValue ? disposition.FileNameStar : disposition.FileName).Value ?? "";
        var dossierBytesLeft = limits.MaxDossierBytes - upload.Files.Sum(file => file.Size);
        var (file, refusal) = await BufferAsync(body, name, fileName, limits, dossierBytesLeft, cancellationToken);
        if (file is null)
        {
            return refusal;
        }

        upload.Files.Add(file);
        return null;
    }

    private static async Task<(UploadedFile? File, UploadRefusal? Refusal)> BufferAsync(Stream body, string partName, string fileName,
        UploadLimits limits, long dossierBytesLeft, CancellationToken cancellationToken)
    {
        var content = new FileStream(Path.GetTempFileName(), FileMode.Open, FileAccess.ReadWrite, FileShare.None, 81920,
            FileOptions.DeleteOnClose | FileOptions.Asynchronous);
        using var hash = IncrementalHash.CreateHash(HashAlgorithmName.SHA256);
        var buffer = new byte[81920];
        long size = 0;
        int read;
        while ((read = await body.ReadAsync(buffer, cancellationToken)) > 0)
        {
            size += read;
            if (size > limits.MaxFileBytes || size > dossierBytesLeft)
            {
                await content.DisposeAsync();
                return (null, size > limits.MaxFileBytes
                    ? new UploadRefusal(StatusCodes.Status413PayloadTooLarge, $"Tệp \"{FileTypes.SafeFileName(fileName)}\" vượt quá {Size(limits.MaxFileBytes)}.")
                    : TooLarge(limits));
            }

            hash.AppendData(buffer, 0, read);
            await content.WriteAsync(buffer.AsMemory(0, read), cancellationToken);
        }

        content.Position = 0;
        return (new UploadedFile(partName, fileName, content, size, Convert.ToHexStringLower(hash.GetHashAndReset())), null);
    }

    private static UploadRefusal TooLarge(UploadLimits limits) =>
        new(StatusCodes.Status413PayloadTooLarge, $"Tổng dung lượng hồ sơ vượt quá {Size(limits.MaxDossierBytes)}.");

    /// <summary>A configured limit as people read it, exactly: "10 MiB", "256 KiB" (never "0 MiB" for a limit under a mebibyte).</summary>
    private static string Size(long bytes) =>
        bytes % (1024 * 1024) == 0 ? $"{bytes / (1024 * 1024)} MiB" : bytes % 1024 == 0 ? $"{bytes / 1024} KiB" : $"{bytes} byte";

    private static async Task<(string Text, bool TooLong)> ReadTextAsync(Stream body, int maxBytes, CancellationToken cancellationToken) =>
        await ReadAtMostAsync(body, maxBytes, cancellationToken) is { } bytes ? (StrictUtf8.GetString(bytes), false) : ("", true);

    /// <summary>The whole stream in memory, or null as soon as it proves longer than <paramref name="maxBytes"/>.</summary>
    public static async Task<byte[]?> ReadAtMostAsync(Stream body, long maxBytes, CancellationToken cancellationToken)
    {
        using var buffer = new MemoryStream();
        var chunk = new byte[16 * 1024];
        int read;
        while ((read = await body.ReadAsync(chunk, cancellationToken)) > 0)
        {
            if (buffer.Length + read > maxBytes)
            {
                return null;
            }

            buffer.Write(chunk, 0, read);
        }

        return buffer.ToArray();
    }
}
