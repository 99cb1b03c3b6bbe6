// A citizen reaches a dossier (or feedback item) with its id and the access key given at submission. A wrong key, a missing key,
// a malformed id and an unknown id all get the same 404, so nobody learns which dossiers exist.
using Azure.Data.Tables;
using Microsoft.AspNetCore.Http.HttpResults;
using MotCua.Hosting;
using MotCua.Storage;
using MotCua.Vietnam;

namespace MotCua.Status;

internal sealed class DossierAccess(TableServiceClient tables)
{
    public const string Header = "X-Access-Key";

    public TableClient Dossiers { get; } = tables.GetTableClient(StorageNames.DossiersTable);

    public static ProblemHttpResult NotFound() => Problems.Status(StatusCodes.Status404NotFound, "Không tìm thấy hồ sơ với mã và khóa tra cứu này.");

    /// <summary>The dossier's whole partition when the key opens it, else null.</summary>
    public Task<DossierPartition?> OpenAsync(string dossierId, HttpRequest request, CancellationToken cancellationToken) =>
        OpenAsync(dossierId, DossierId.IsWellFormed(dossierId), partition => partition.Dossier?.AccessKeyHash, request, cancellationToken);

    /// <summary>A feedback item's whole partition when the key opens it, else null.</summary>
    public Task<DossierPartition?> OpenFeedbackAsync(string feedbackId, HttpRequest request, CancellationToken cancellationToken) =>
        OpenAsync(feedbackId, FeedbackId.IsWellFormed(feedbackId), partition => partition.Feedback?.AccessKeyHash, request, cancellationToken);

    private async Task<DossierPartition?> OpenAsync(string id, bool wellFormed, Func<DossierPartition, string?> storedHash, HttpRequest request,
        CancellationToken cancellationToken)
    {
        if (!wellFormed || request.Headers[Header].ToString() is not { Length: > 0 } key)
        {
            return null;
        }

        var partition = await DossierPartition.LoadAsync(Dossiers, id, cancellationToken);
        return AccessKey.Matches(key, storedHash(partition)) ? partition : null;
    }

    /// <summary>Just the dossier row (a point read) when the key opens it, for endpoints that need no more.</summary>
    public async Task<DossierRow?> OpenRowAsync(string dossierId, HttpRequest request, CancellationToken cancellationToken)
    {
        if (!DossierId.IsWellFormed(dossierId) || request.Headers[Header].ToString() is not { Length: > 0 } key)
        {
            return null;
        }

        var found = await Dossiers.GetEntityIfExistsAsync<DossierRow>(dossierId, DossierRow.Key, cancellationToken: cancellationToken);
        return found.HasValue && found.Value is { } row && AccessKey.Matches(key, row.AccessKeyHash) ? row : null;
    }
}
