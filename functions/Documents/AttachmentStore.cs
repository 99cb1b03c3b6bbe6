using Azure.Storage.Blobs;
using Azure.Storage.Blobs.Models;
using MotCua.Storage;

namespace MotCua.Documents;

/// <summary>Puts a checked file into Blob storage under <c>{container}/{dossierId}/{fileId}</c> and describes it as a row of the dossier.</summary>
internal sealed class AttachmentStore(BlobServiceClient blobs)
{
    public Task<FileRow> AddAttachmentAsync(string dossierId, ValidFile file, DateTimeOffset now, CancellationToken cancellationToken) =>
        AddAsync(StorageNames.AttachmentsContainer, FileRow.AttachmentPrefix, dossierId, file.File.Content, file.ContentType, file.FileName,
            file.File.Size, file.File.Sha256, file.DocumentKey, now, cancellationToken);

    public Task<FileRow> AddResultAsync(string dossierId, byte[] content, string contentType, string fileName, string agencyId, DateTimeOffset now,
        CancellationToken cancellationToken) =>
        AddAsync(StorageNames.ResultsContainer, FileRow.ResultPrefix, dossierId, new MemoryStream(content, writable: false), contentType, fileName,
            content.Length, Convert.ToHexStringLower(System.Security.Cryptography.SHA256.HashData(content)), agencyId, now, cancellationToken);

    /// <summary>A file's id within its dossier: 16 random hex digits.</summary>
    public static string NewFileId() => Convert.ToHexStringLower(System.Security.Cryptography.RandomNumberGenerator.GetBytes(8));

    private async Task<FileRow> AddAsync(string container, string prefix, string dossierId, Stream content, string contentType, string fileName,
        long size, string sha256, string source, DateTimeOffset now, CancellationToken cancellationToken)
    {
        var fileId = NewFileId();
        var blobName = $"{dossierId}/{fileId}";
        await blobs.GetBlobContainerClient(container).GetBlobClient(blobName).UploadAsync(content, new BlobUploadOptions
        {
            HttpHeaders = new BlobHttpHeaders { ContentType = contentType },
            Metadata = new Dictionary<string, string> { ["sha256"] = sha256 },
        }, cancellationToken);
        return new FileRow
        {
            PartitionKey = dossierId,
            RowKey = prefix + fileId,
            FileId = fileId,
            Source = source,
            FileName = fileName,
            ContentType = contentType,
            Size = size,
            Sha256 = sha256,
            Container = container,
            BlobName = blobName,
            AddedAt = now,
        };
    }
}
