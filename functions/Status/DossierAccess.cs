// A citizen reaches a dossier (or feedback item) with its id and the access key given at submission, or, for a dossier submitted
// signed in, with the owner's bearer token. A wrong key, another account's token, a missing key, a malformed id and an unknown id
// all get the same 404, so nobody learns which dossiers exist.
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
    public async Task<DossierPartition?> OpenAsync(string dossierId, HttpRequest request, CancellationToken cancellationToken)
    {
        if (!DossierId.IsWellFormed(dossierId) || !Presents(request))
        {
            return null;
        }

        var partition = await DossierPartition.LoadAsync(Dossiers, dossierId, cancellationToken);
        return partition.Dossier is { } dossier && Opens(request, dossier) ? partition : null;
    }

    /// <summary>A feedback item's whole partition when the key opens it, else null.</summary>
    public async Task<DossierPartition?> OpenFeedbackAsync(string feedbackId, HttpRequest request, CancellationToken cancellationToken)
    {
        if (!FeedbackId.IsWellFormed(feedbackId) || request.Headers[Header].ToString() is not { Length: > 0 } key)
        {
            return null;
        }

        var partition = await DossierPartition.LoadAsync(Dossiers, feedbackId, cancellationToken);
        return AccessKey.Matches(key, partition.Feedback?.AccessKeyHash) ? partition : null;
    }

    /// <summary>Just the dossier row (a point read) when the key or the owner's token opens it, for endpoints that need no more.</summary>
    public async Task<DossierRow?> OpenRowAsync(string dossierId, HttpRequest request, CancellationToken cancellationToken)
    {
        if (!DossierId.IsWellFormed(dossierId) || !Presents(request))
        {
            return null;
        }

        var found = await Dossiers.GetEntityIfExistsAsync<DossierRow>(dossierId, DossierRow.Key, cancellationToken: cancellationToken);
        return found.HasValue && found.Value is { } row && Opens(request, row) ? row : null;
    }

    /// <summary>Whether the request carries something that could open a dossier: an access key, or a signed-in account.</summary>
    private static bool Presents(HttpRequest request) => request.Headers[Header].Count > 0 || SignedIn.Of(request) is not null;

    /// <summary>The access key, when one is given (a wrong key is wrong whoever is signed in); else the owner's account.</summary>
    private static bool Opens(HttpRequest request, DossierRow dossier) => request.Headers[Header].ToString() is { Length: > 0 } key
        ? AccessKey.Matches(key, dossier.AccessKeyHash)
        : SignedIn.Of(request) is { } who && dossier.AccountId == who.AccountId;
}
