// dossier.result_issued: the agency approves with its result documents (base64 in the JSON), each checked for its real
// type and size before anything is stored.
using System.Diagnostics;
using Microsoft.AspNetCore.Http.HttpResults;
using MotCua.Documents;
using MotCua.Hosting;
using MotCua.Vietnam;
using MotCua.Webhooks;
using Microsoft.Extensions.Options;

namespace MotCua.Status;

internal sealed record ResultDocument(string? FileName, string? ContentType, string? ContentBase64);

internal sealed record ResultIssued(string? DossierId, string? Note, List<ResultDocument>? Documents);

internal sealed class ResultIssuedHandler(AgencyMoves moves, IOptions<UploadLimits> limits) : AgencyEventHandler<ResultIssued>
{
    public const int MaxDocuments = 10;

    public override string EventType => WebhookEvents.DossierResultIssued;

    protected override async Task<Results<Ok<AppliedEvent>, Ok<DuplicateEvent>, ValidationProblem, ProblemHttpResult>> ApplyAsync(string agencyId,
        string webhookId, ResultIssued result, CancellationToken cancellationToken)
    {
        if (result.Documents is not { Count: > 0 and <= MaxDocuments })
        {
            return Problems.Invalid("data.documents", $"Cần từ 1 đến {MaxDocuments} văn bản kết quả.");
        }

        var files = new List<ResultFile>();
        for (var i = 0; i < result.Documents.Count; i++)
        {
            switch (Check(result.Documents[i], i, limits.Value.MaxFileBytes))
            {
                case Checked<ResultFile>.Passed(var file):
                    files.Add(file);
                    break;
                case Checked<ResultFile>.Invalid(var invalid):
                    return invalid;
                case Checked<ResultFile>.Refused(var refused):
                    return refused;
                default:
                    throw new UnreachableException();
            }
        }

        return await moves.ApplyAsync(new AgencyMove(agencyId, webhookId, result.DossierId, DossierStatus.Approved, result.Note, files), cancellationToken);
    }

    /// <summary>The <paramref name="index"/>th document as a file to store: base64 of a PDF, JPEG, PNG, DOCX or XLSX of at most <paramref name="maxBytes"/>.</summary>
    internal static Checked<ResultFile> Check(ResultDocument document, int index, long maxBytes)
    {
        var content = Decode(document.ContentBase64);
        if (content is null || content.Length == 0)
        {
            return Problems.Invalid($"data.documents[{index}].contentBase64", "Nội dung phải là base64 hợp lệ và không rỗng.");
        }

        if (content.Length > maxBytes)
        {
            return Problems.Status(StatusCodes.Status413PayloadTooLarge, $"Văn bản kết quả thứ {index + 1} quá lớn.");
        }

        using var stream = new MemoryStream(content, writable: false);
        return FileTypes.Detect(stream) is { } type
            ? new Checked<ResultFile>.Passed(new ResultFile(FileTypes.SafeFileName(document.FileName ?? ""), type, content))
            : Problems.Status(StatusCodes.Status415UnsupportedMediaType, $"Văn bản kết quả thứ {index + 1} không phải PDF, JPEG, PNG, DOCX hoặc XLSX.");
    }

    private static byte[]? Decode(string? base64)
    {
        if (base64 is null)
        {
            return null;
        }

        var bytes = new byte[(base64.Length * 3 / 4) + 3];
        return Convert.TryFromBase64String(base64, bytes, out var written) ? bytes[..written] : null;
    }
}
