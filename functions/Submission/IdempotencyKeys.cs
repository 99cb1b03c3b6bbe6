// Idempotency-Key for submissions: the same key and body within 24 h answer the first response again and
// create nothing; another body is a 409. The claim names the dossier id up front, so a retry after a crash
// finishes the same dossier instead of creating a second one.
using System.Security.Cryptography;
using System.Text;
using Azure;
using Azure.Data.Tables;
using MotCua.Storage;
using MotCua.Hosting;

namespace MotCua.Submission;

internal sealed class IdempotencyRow : TableRow
{
    public string Fingerprint { get; set; } = "";

    public string DossierId { get; set; } = "";

    public DateTimeOffset CreatedAt { get; set; }

    /// <summary>The 201 body once the submission completed; null while it is in progress.</summary>
    public string? ResponseJson { get; set; }
}

/// <summary>What the claim found: go ahead with <see cref="DossierId"/>, replay a response, or refuse.</summary>
internal sealed record IdempotencyClaim(string? DossierId, string? StoredResponse, IResult? Refusal, IdempotencyRow? Row);

internal sealed class IdempotencyKeys(TableServiceClient tables, TimeProvider clock)
{
    public static readonly TimeSpan Lifetime = TimeSpan.FromHours(24);

    /// <summary>A claim older than this whose submission never completed was interrupted; a retry may take it over.</summary>
    public static readonly TimeSpan Abandoned = TimeSpan.FromMinutes(2);

    private readonly TableClient _table = tables.GetTableClient(StorageNames.IdempotencyTable);

    public static bool IsWellFormed(string key) => key.Length is > 0 and <= 255 && key.All(c => c is >= '!' and <= '~');

    public async Task<IdempotencyClaim> ClaimAsync(string key, string fingerprint, string newDossierId, CancellationToken cancellationToken)
    {
        var partition = Convert.ToHexStringLower(SHA256.HashData(Encoding.UTF8.GetBytes(key)));
        var now = clock.GetUtcNow();
        var existing = await _table.GetEntityIfExistsAsync<IdempotencyRow>(partition, "", cancellationToken: cancellationToken);
        if (existing.HasValue && existing.Value is { } row && now - row.CreatedAt < Lifetime)
        {
            if (row.Fingerprint != fingerprint)
            {
                return Refuse("Idempotency-Key này đã được dùng cho một hồ sơ có nội dung khác.");
            }

            if (row.ResponseJson is not null)
            {
                return new IdempotencyClaim(row.DossierId, row.ResponseJson, null, row);
            }

            if (now - row.CreatedAt < Abandoned)
            {
                return Refuse("Hồ sơ với Idempotency-Key này đang được xử lý; vui lòng thử lại sau.");
            }

            return new IdempotencyClaim(row.DossierId, null, null, row);
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
            return Refuse("Hồ sơ với Idempotency-Key này đang được xử lý; vui lòng thử lại sau.");
        }

        return new IdempotencyClaim(newDossierId, null, null, claim);
    }

    public async Task CompleteAsync(IdempotencyRow row, string dossierId, string responseJson, CancellationToken cancellationToken)
    {
        (row.DossierId, row.ResponseJson) = (dossierId, responseJson);
        await _table.UpsertEntityAsync(row, TableUpdateMode.Replace, cancellationToken);
    }

    private static IdempotencyClaim Refuse(string detail) =>
        new(null, null, Problems.Status(StatusCodes.Status409Conflict, detail), null);
}
