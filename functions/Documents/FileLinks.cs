// What following a file link does: the link is checked (known, not expired, its document's consent not withdrawn), the read
// is logged (in the dossier, and in the account's access log when the file is an account's document), and only then is the
// agency sent on to a short-lived read-only storage link. A token that opens nothing leaves nothing behind.
using System.Diagnostics;
using Azure.Data.Tables;
using Microsoft.AspNetCore.Http.HttpResults;
using MotCua.Hosting;
using MotCua.Storage;

namespace MotCua.Documents;

internal sealed class FileLinks(AttachmentLinks links, TableServiceClient tables, TimeProvider clock, ILogger<FileLinks> logger)
{
    private readonly TableClient _dossiers = tables.GetTableClient(StorageNames.DossiersTable);
    private readonly TableClient _accounts = tables.GetTableClient(StorageNames.AccountsTable);

    /// <summary>
    /// 302 to the file for <paramref name="token"/>'s link; 404 for a token that is malformed or unknown (the same answer), 410
    /// once it has expired or the citizen has withdrawn consent for the document. Reads: the link, then the consent when the file
    /// is a document; writes: one row in the dossier and one in the account, at once.
    /// </summary>
    public async Task<Results<RedirectHttpResult, ProblemHttpResult>> OpenAsync(string token, CancellationToken cancellationToken)
    {
        if (await links.FindAsync(token, cancellationToken) is not { } link)
        {
            return Problems.Status(StatusCodes.Status404NotFound, "Không tìm thấy liên kết tệp này.");
        }

        Activity.Current?.SetTag(Telemetry.DossierTag, link.DossierId);
        var now = clock.GetUtcNow();
        if (now >= link.ExpiresAt)
        {
            return Problems.Status(StatusCodes.Status410Gone, "Liên kết tệp đã hết hạn.");
        }

        if (link.DocumentId is { } documentId && await ConsentWithdrawnAsync(link.DossierId, documentId, cancellationToken))
        {
            logger.LogInformation("{AgencyId} was refused {FileKey} of {DossierId}: consent withdrawn", link.AgencyId, link.FileKey, link.DossierId);
            return Problems.Status(StatusCodes.Status410Gone, "Người nộp đã rút lại sự đồng ý cho cơ quan sử dụng giấy tờ này.");
        }

        // Signed before the read is logged: a failure to sign leaves no row for a read that never happened.
        var target = await links.ReadUriAsync(link, now, cancellationToken);
        await RecordAsync(link, now, cancellationToken);
        logger.LogInformation("{AgencyId} read {FileKey} of {DossierId}", link.AgencyId, link.FileKey, link.DossierId);
        // The storage link is a credential for a few minutes: no cache or referring page keeps it (SecurityHeaders: no-store, no-referrer).
        return TypedResults.Redirect(target.AbsoluteUri);
    }

    /// <summary>A missing consent row is no restriction: the file is the citizen's upload to this dossier, not a reused document.</summary>
    private async Task<bool> ConsentWithdrawnAsync(string dossierId, string documentId, CancellationToken cancellationToken)
    {
        var consent = await _dossiers.GetEntityIfExistsAsync<ConsentRow>(dossierId, ConsentRow.KeyFor(documentId), cancellationToken: cancellationToken);
        return consent.HasValue && consent.Value!.WithdrawnAt is not null;
    }

    /// <summary>The read in the dossier's partition and, for an account's document, in the account's access log: two tables, so two writes.</summary>
    private Task RecordAsync(FileLinkRow link, DateTimeOffset now, CancellationToken cancellationToken)
    {
        var read = new FileReadRow
        {
            PartitionKey = link.DossierId, RowKey = FileReadRow.KeyFor(now), At = now, AgencyId = link.AgencyId, FileKey = link.FileKey, Purpose = link.Purpose,
        };
        if (link is not { AccountId: { } accountId, DocumentId: { } documentId })
        {
            return _dossiers.AddEntityAsync(read, cancellationToken);
        }

        var access = new DocumentAccessRow
        {
            PartitionKey = accountId, RowKey = DocumentAccessRow.KeyFor(documentId, now), DocumentId = documentId, At = now, AgencyId = link.AgencyId,
            AgencyName = link.AgencyName, DossierId = link.DossierId, Purpose = link.Purpose,
        };
        return Task.WhenAll(_dossiers.AddEntityAsync(read, cancellationToken), _accounts.AddEntityAsync(access, cancellationToken));
    }
}
