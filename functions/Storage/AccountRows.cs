// Rows of a signed-in account's partition (table Accounts, PartitionKey = account id): the account, its index of dossiers, its
// documents and every read of them; and the rows that tie a dossier's files to an account: the consent in the dossier's
// partition and the agencies' file links (table FileLinks).
namespace MotCua.Storage;

/// <summary>RowKey <c>account</c>: who signed in. Created by the first <c>GET /api/me</c> (or submission) of an identity.</summary>
public sealed class AccountRow : TableRow
{
    public const string Key = "account";

    /// <summary><c>citizen</c> or <c>business</c>.</summary>
    public string Kind { get; set; } = "";

    public string FullName { get; set; } = "";

    /// <summary>The identity number masked, or the tax code (a business's is public).</summary>
    public string Identifier { get; set; } = "";

    public DateTimeOffset Since { get; set; }
}

/// <summary>
/// RowKey <c>dossier|{inverted submission ticks}|{dossierId}</c>: the account's dossiers newest first, with what the list shows, kept
/// current as the dossier moves (<c>AccountDossiers.RefreshAsync</c>), so the list is one query of this partition.
/// </summary>
public sealed class AccountDossierRow : TableRow
{
    public const string Prefix = "dossier|";

    public static string KeyFor(DateTimeOffset submittedAt, string dossierId) =>
        $"{Prefix}{DateTimeOffset.MaxValue.UtcTicks - submittedAt.UtcTicks:D19}|{dossierId}";

    public string DossierId { get; set; } = "";

    public string ProcedureCode { get; set; } = "";

    public string ProcedureName { get; set; } = "";

    public string Status { get; set; } = "";

    public DateTimeOffset SubmittedAt { get; set; }

    public DateTimeOffset DueAt { get; set; }

    /// <summary>The fees still to pay, VND; 0 when nothing is due.</summary>
    public long PayableVnd { get; set; }
}

/// <summary>
/// RowKey <c>document|{documentId}</c>: a file the account gave (an attachment) or received (a result), reusable in its later
/// dossiers. The id is <c>{dossierId}.{fileId}</c> of the file it was first stored as; a reuse points at the same blob.
/// </summary>
public sealed class DocumentRow : TableRow
{
    public const string Prefix = "document|";
    public const string AttachmentKind = "attachment";
    public const string ResultKind = "result";

    public static string KeyFor(string documentId) => Prefix + documentId;

    public static string IdOf(string dossierId, string fileId) => $"{dossierId}.{fileId}";

    /// <summary>A dossier id, a dot and a file id (16 lowercase hex digits).</summary>
    public static bool IsWellFormedId(string? id) =>
        id is { Length: < 64 } && id.Split('.') is [var dossierId, { Length: 16 } fileId] && Vietnam.DossierId.IsWellFormed(dossierId)
        && fileId.All(char.IsAsciiHexDigitLower);

    /// <summary>The account's document that <paramref name="file"/> (with its DocumentId set) is, from a dossier of <paramref name="procedureName"/>.</summary>
    public static DocumentRow Of(string accountId, FileRow file, string procedureName) => new()
    {
        PartitionKey = accountId,
        RowKey = KeyFor(file.DocumentId!),
        DocumentId = file.DocumentId!,
        Kind = file.RowKey.StartsWith(FileRow.ResultPrefix, StringComparison.Ordinal) ? ResultKind : AttachmentKind,
        FileName = file.FileName,
        ContentType = file.ContentType,
        Size = file.Size,
        Sha256 = file.Sha256,
        Container = file.Container,
        BlobName = file.BlobName,
        FromDossierId = file.PartitionKey,
        ProcedureName = procedureName,
        IssuedBy = file.RowKey.StartsWith(FileRow.ResultPrefix, StringComparison.Ordinal) ? file.Source : null,
        At = file.AddedAt,
    };

    public string DocumentId { get; set; } = "";

    public string Kind { get; set; } = "";

    public string FileName { get; set; } = "";

    public string ContentType { get; set; } = "";

    public long Size { get; set; }

    public string Sha256 { get; set; } = "";

    public string Container { get; set; } = "";

    public string BlobName { get; set; } = "";

    public string FromDossierId { get; set; } = "";

    public string ProcedureName { get; set; } = "";

    /// <summary>The agency that issued a result.</summary>
    public string? IssuedBy { get; set; }

    public DateTimeOffset At { get; set; }
}

/// <summary>RowKey <c>access|{documentId}|{inverted ticks}|{random}</c>: one read of a document by an agency, newest first.</summary>
public sealed class DocumentAccessRow : TableRow
{
    public const string Prefix = "access|";

    public static string PrefixFor(string documentId) => $"{Prefix}{documentId}|";

    public static string KeyFor(string documentId, DateTimeOffset at) =>
        $"{PrefixFor(documentId)}{DateTimeOffset.MaxValue.UtcTicks - at.UtcTicks:D19}|{Convert.ToHexStringLower(System.Security.Cryptography.RandomNumberGenerator.GetBytes(4))}";

    public string DocumentId { get; set; } = "";

    public DateTimeOffset At { get; set; }

    public string AgencyId { get; set; } = "";

    public string AgencyName { get; set; } = "";

    public string DossierId { get; set; } = "";

    public string Purpose { get; set; } = "";
}

/// <summary>
/// RowKey <c>consent|{documentId}</c> in a dossier of an account: the citizen's consent that the dossier's agencies read this document
/// for it, given at submission; withdrawn (while the dossier is not final) it stops the document's links.
/// </summary>
public sealed class ConsentRow : DossierPartitionRow
{
    public const string Prefix = "consent|";

    public static string KeyFor(string documentId) => Prefix + documentId;

    public string AccountId { get; set; } = "";

    public string DocumentId { get; set; } = "";

    /// <summary>The agencies the consent is for, comma-separated.</summary>
    public string AgencyIds { get; set; } = "";

    public DateTimeOffset GivenAt { get; set; }

    public DateTimeOffset? WithdrawnAt { get; set; }
}

/// <summary>
/// Table FileLinks, PartitionKey = SHA-256 of the token (hex), RowKey <c>link</c>: what <c>GET /api/files/{token}</c> opens, bound to one
/// file of one dossier and one agency until <see cref="ExpiresAt"/>. The token itself is never stored.
/// </summary>
public sealed class FileLinkRow : TableRow
{
    public const string Key = "link";

    public string DossierId { get; set; } = "";

    /// <summary>The file's RowKey in the dossier's partition.</summary>
    public string FileKey { get; set; } = "";

    public string AgencyId { get; set; } = "";

    /// <summary>The agency's name and why it reads the file, as each read is logged: kept here so that a read costs no more lookups.</summary>
    public string AgencyName { get; set; } = "";

    public string Purpose { get; set; } = "";

    public string Container { get; set; } = "";

    public string BlobName { get; set; } = "";

    public DateTimeOffset ExpiresAt { get; set; }

    /// <summary>The account whose document this is, and the document: each read is logged there too.</summary>
    public string? AccountId { get; set; }

    public string? DocumentId { get; set; }
}
