// A citizen reaches a dossier with its id and the access key given at submission. A wrong key, a missing key,
// a malformed id and an unknown id all get the same 404, so nobody learns which dossiers exist.
using Azure.Data.Tables;
using MotCua.Storage;
using MotCua.Submission;
using MotCua.Hosting;

namespace MotCua.Status;

internal sealed class DossierAccess(TableServiceClient tables)
{
    public const string Header = "X-Access-Key";

    public TableClient Dossiers { get; } = tables.GetTableClient(StorageNames.DossiersTable);

    public static IResult NotFound() => Problems.Status(StatusCodes.Status404NotFound, "Không tìm thấy hồ sơ với mã và khóa tra cứu này.");

    /// <summary>The whole partition when the key opens it, else null.</summary>
    public async Task<DossierPartition?> OpenAsync(string dossierId, HttpRequest request, CancellationToken cancellationToken)
    {
        if (!DossierId.IsWellFormed(dossierId) || request.Headers[Header].ToString() is not { Length: > 0 } key)
        {
            return null;
        }

        var partition = await DossierPartition.LoadAsync(Dossiers, dossierId, cancellationToken);
        return partition.Dossier is { } dossier && AccessKey.Matches(key, dossier.AccessKeyHash) ? partition : null;
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
