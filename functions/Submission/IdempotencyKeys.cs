// Idempotency-Key for submissions: the same key and body within 24 h answer the first response again and
// create nothing; another body is a 409. The claim names the dossier id up front, so a retry after a crash
// finishes the same dossier instead of creating a second one.
using System.Security.Cryptography;
using System.Text;
using Azure;
using Azure.Data.Tables;
using Microsoft.AspNetCore.Http.HttpResults;
using MotCua.Hosting;
using MotCua.Storage;

namespace MotCua.Submission;

internal sealed class IdempotencyRow : TableRow
{
    public string Fingerprint { get; set; } = "";

    public string DossierId { get; set; } = "";

    public DateTimeOffset CreatedAt { get; set; }

    /// <summary>
    /// The 201 body once the submission completed, sealed (AES-GCM) with a key derived from the Idempotency-Key;
    /// null while it is in progress. It holds the access key, which the portal otherwise keeps only as a hash.
    /// </summary>
    public string? SealedResponse { get; set; }
}

/// <summary>What claiming an Idempotency-Key found: one of three outcomes.</summary>
internal abstract record IdempotencyClaim
{
    private IdempotencyClaim()
    {
    }

    /// <summary>
    /// Go ahead and store the dossier as <paramref name="DossierId"/>, then complete <paramref name="Row"/>. When
    /// <paramref name="TakenOver"/>, the claim was an interrupted one, whose dossier may already be stored.
    /// </summary>
    internal sealed record Proceed(string DossierId, IdempotencyRow Row, bool TakenOver) : IdempotencyClaim;

    /// <summary>The submission completed before: answer its <paramref name="Response"/> (the 201 body) again.</summary>
    internal sealed record Replay(string Response) : IdempotencyClaim;

    /// <summary>Another body under the same key, or the first still in progress: answer <paramref name="Problem"/>.</summary>
    internal sealed record Refused(ProblemHttpResult Problem) : IdempotencyClaim;
}

internal sealed class IdempotencyKeys(TableServiceClient tables, TimeProvider clock)
{
    public static readonly TimeSpan Lifetime = TimeSpan.FromHours(24);

    /// <summary>A claim older than this whose submission never completed was interrupted; a retry may take it over.</summary>
    public static readonly TimeSpan Abandoned = TimeSpan.FromMinutes(2);

    private const string InProgress = "Hồ sơ với Idempotency-Key này đang được xử lý; vui lòng thử lại sau.";

    private readonly TableClient _table = tables.GetTableClient(StorageNames.IdempotencyTable);

    public static bool IsWellFormed(string key) => key.Length is > 0 and <= 255 && key.All(c => c is >= '!' and <= '~');

    public async Task<IdempotencyClaim> ClaimAsync(string key, string fingerprint, string newDossierId, CancellationToken cancellationToken)
    {
        var partition = Convert.ToHexStringLower(SHA256.HashData(Encoding.UTF8.GetBytes(key)));
        var now = clock.GetUtcNow();
        var existing = await _table.GetEntityIfExistsAsync<IdempotencyRow>(partition, "", cancellationToken: cancellationToken);
        if (existing.HasValue && existing.Value is { } row && now - row.CreatedAt < Lifetime)
        {
            return Reclaim(key, row, fingerprint, now);
        }

        var claim = new IdempotencyRow { PartitionKey = partition, RowKey = "", Fingerprint = fingerprint, DossierId = newDossierId, CreatedAt = now };
        try
        {
            if (existing.HasValue)
            {
                await _table.UpdateEntityAsync(claim, existing.Value!.ETag, TableUpdateMode.Replace, cancellationToken);
            }
            else
            {
                await _table.AddEntityAsync(claim, cancellationToken);
            }
        }
        catch (RequestFailedException ex) when (ex.Status is 409 or 412)
        {
            return Refuse(InProgress);
        }

        return new IdempotencyClaim.Proceed(newDossierId, claim, TakenOver: false);
    }

    /// <summary>What an earlier claim of the key, still within its lifetime, means for a request with this body at <paramref name="now"/>.</summary>
    internal static IdempotencyClaim Reclaim(string key, IdempotencyRow row, string fingerprint, DateTimeOffset now)
    {
        if (row.Fingerprint != fingerprint)
        {
            return Refuse("Idempotency-Key này đã được dùng cho một hồ sơ có nội dung khác.");
        }

        if (row.SealedResponse is not null)
        {
            return new IdempotencyClaim.Replay(Open(key, row.SealedResponse));
        }

        return now - row.CreatedAt < Abandoned ? Refuse(InProgress) : new IdempotencyClaim.Proceed(row.DossierId, row, TakenOver: true);
    }

    public async Task CompleteAsync(string key, IdempotencyRow row, string dossierId, string responseJson, CancellationToken cancellationToken)
    {
        (row.DossierId, row.SealedResponse) = (dossierId, Seal(key, responseJson));
        await _table.UpsertEntityAsync(row, TableUpdateMode.Replace, cancellationToken);
    }

    /// <summary>
    /// Only a caller holding the Idempotency-Key can read the response again: the row is found by the key's hash
    /// and sealed with a different hash of it, so storage alone reveals neither the key nor the access key.
    /// </summary>
    internal static string Seal(string key, string responseJson)
    {
        var nonce = RandomNumberGenerator.GetBytes(AesGcm.NonceByteSizes.MaxSize);
        var plain = Encoding.UTF8.GetBytes(responseJson);
        var sealedBytes = new byte[nonce.Length + AesGcm.TagByteSizes.MaxSize + plain.Length];
        using var aes = new AesGcm(SealingKey(key), AesGcm.TagByteSizes.MaxSize);
        aes.Encrypt(nonce, plain, sealedBytes.AsSpan(nonce.Length + AesGcm.TagByteSizes.MaxSize),
            sealedBytes.AsSpan(nonce.Length, AesGcm.TagByteSizes.MaxSize));
        nonce.CopyTo(sealedBytes, 0);
        return Convert.ToBase64String(sealedBytes);
    }

    private static string Open(string key, string sealedResponse)
    {
        var sealedBytes = Convert.FromBase64String(sealedResponse).AsSpan();
        var (nonceSize, tagSize) = (AesGcm.NonceByteSizes.MaxSize, AesGcm.TagByteSizes.MaxSize);
        var plain = new byte[sealedBytes.Length - nonceSize - tagSize];
        using var aes = new AesGcm(SealingKey(key), tagSize);
        aes.Decrypt(sealedBytes[..nonceSize], sealedBytes[(nonceSize + tagSize)..], sealedBytes.Slice(nonceSize, tagSize), plain);
        return Encoding.UTF8.GetString(plain);
    }

    private static byte[] SealingKey(string key) => SHA256.HashData(Encoding.UTF8.GetBytes("motcua/idempotency-response\n" + key));

    private static IdempotencyClaim.Refused Refuse(string detail) => new(Problems.Status(StatusCodes.Status409Conflict, detail));
}
