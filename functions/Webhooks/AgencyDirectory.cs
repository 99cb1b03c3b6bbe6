// Where each agency's one-stop system listens and the secret both sides sign with. Only URLs registered
// here by ops are ever called; a rotated secret stays valid for inbound signatures for a day.
using Azure.Data.Tables;
using MotCua.Storage;

namespace MotCua.Webhooks;

internal sealed class AgencyEndpointRow : TableRow
{
    public const string Partition = "agency";

    public AgencyEndpointRow() => PartitionKey = Partition;

    public string Name { get; set; } = "";

    public string? ProvinceCode { get; set; }

    public string WebhookUrl { get; set; } = "";

    public string Secret { get; set; } = "";

    public string? PreviousSecret { get; set; }

    public DateTimeOffset? RotatedAt { get; set; }

    public DateTimeOffset UpdatedAt { get; set; }
}

/// <summary>A registered endpoint, with the secrets currently valid for it (newest first).</summary>
internal sealed record AgencyEndpoint(string AgencyId, string Name, Uri WebhookUrl, IReadOnlyList<WebhookSecret> Secrets);

internal sealed class AgencyDirectory(TableServiceClient tables, TimeProvider clock)
{
    /// <summary>How long the secret replaced by a rotation is still accepted on the agency's events.</summary>
    public static readonly TimeSpan RotationOverlap = TimeSpan.FromHours(24);

    private readonly TableClient _table = tables.GetTableClient(StorageNames.AgenciesTable);

    public async Task<AgencyEndpoint?> FindAsync(string agencyId, CancellationToken cancellationToken)
    {
        var found = await _table.GetEntityIfExistsAsync<AgencyEndpointRow>(AgencyEndpointRow.Partition, agencyId, cancellationToken: cancellationToken);
        if (!found.HasValue || found.Value is not { } row)
        {
            return null;
        }

        var secrets = new List<WebhookSecret> { WebhookSecret.Parse(row.Secret) };
        if (row.PreviousSecret is { } previous && row.RotatedAt is { } rotatedAt && clock.GetUtcNow() - rotatedAt < RotationOverlap)
        {
            secrets.Add(WebhookSecret.Parse(previous));
        }

        return new AgencyEndpoint(row.RowKey, row.Name, new Uri(row.WebhookUrl), secrets);
    }

    /// <summary>Creates or updates the endpoint; a new secret keeps the old one valid for <see cref="RotationOverlap"/>.</summary>
    public async Task<bool> SaveAsync(string agencyId, string name, string? provinceCode, Uri webhookUrl, WebhookSecret secret,
        CancellationToken cancellationToken)
    {
        var now = clock.GetUtcNow();
        var found = await _table.GetEntityIfExistsAsync<AgencyEndpointRow>(AgencyEndpointRow.Partition, agencyId, cancellationToken: cancellationToken);
        var row = found.HasValue ? found.Value! : new AgencyEndpointRow { RowKey = agencyId };
        var revealed = secret.Reveal();
        if (found.HasValue && row.Secret != revealed)
        {
            (row.PreviousSecret, row.RotatedAt) = (row.Secret, now);
        }

        (row.Name, row.ProvinceCode, row.WebhookUrl, row.Secret, row.UpdatedAt) = (name, provinceCode, webhookUrl.AbsoluteUri, revealed, now);
        if (found.HasValue)
        {
            await _table.UpdateEntityAsync(row, row.ETag, TableUpdateMode.Replace, cancellationToken);
        }
        else
        {
            await _table.AddEntityAsync(row, cancellationToken);
        }

        return !found.HasValue;
    }
}
