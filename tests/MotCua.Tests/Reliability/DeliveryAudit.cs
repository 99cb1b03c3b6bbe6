// How every reliability test ends: each accepted dossier is stored, each of its deliveries is forwarded, and the
// agency holds each delivery's webhook, correctly signed, any redelivery carrying the same webhook-id.
using System.Globalization;
using Azure.Data.Tables;
using Xunit.Abstractions;
using MotCua.Status;
using MotCua.Storage;
using MotCua.Tests.Infrastructure;
using MotCua.Webhooks;

namespace MotCua.Tests.Reliability;

internal sealed record AuditFigures(int Dossiers, int Webhooks, int Redelivered, TimeSpan Waited)
{
    public void Report(ITestOutputHelper output) => output.WriteLine(string.Create(CultureInfo.InvariantCulture,
        $"{Dossiers} dossiers forwarded: {Webhooks} webhooks received, {Redelivered} of them redeliveries; all forwarded {Waited.TotalSeconds:F1} s after the check began"));
}

internal static class DeliveryAudit
{
    /// <summary>The dossier ids of the submission webhooks <paramref name="agency"/> has received.</summary>
    public static HashSet<string> ReceivedDossiers(TestAgency agency) =>
        [.. Submissions(agency).Select(w => w.Data["dossierId"]!.GetValue<string>())];

    /// <summary>
    /// Waits up to <paramref name="timeout"/> until every dossier of <paramref name="dossierIds"/> is stored with all
    /// its deliveries forwarded and its webhooks received, then checks their signatures and webhook ids.
    /// </summary>
    /// <param name="diagnostics">What to add to a failure message: the app's last log lines.</param>
    public static async Task<AuditFigures> AssertForwardedAsync(Azurite azurite, TestAgency agency, IReadOnlyCollection<string> dossierIds,
        TimeSpan timeout, Func<string> diagnostics)
    {
        var wanted = dossierIds.ToHashSet(StringComparer.Ordinal);
        var table = new TableServiceClient(azurite.ConnectionString).GetTableClient(StorageNames.DossiersTable);
        var started = TimeProvider.System.GetTimestamp();
        await Poll.UntilAsync(async () =>
            {
                var unreceived = wanted.Except(ReceivedDossiers(agency)).ToList();
                // Storage is read only once the agency has everything: the cheaper check first.
                return (Unreceived: unreceived, Unforwarded: unreceived.Count > 0 ? [] : await UnforwardedAsync(table, wanted));
            },
            missing => missing.Unreceived.Count == 0 && missing.Unforwarded.Count == 0, timeout,
            missing => $"{missing.Unreceived.Count} of {wanted.Count} accepted dossiers had not reached the agency " +
                       $"(e.g. {string.Join(", ", missing.Unreceived.Take(3))}) and {missing.Unforwarded.Count} were not stored as forwarded " +
                       $"({string.Join(", ", missing.Unforwarded.Take(3))}).\n{diagnostics()}",
            TimeSpan.FromMilliseconds(250));

        var webhooks = Submissions(agency).Where(w => wanted.Contains(w.Data["dossierId"]!.GetValue<string>())).ToList();
        Assert.All(webhooks, w => Assert.True(w.SignatureValid, $"webhook {w.Id} has a bad signature"));
        foreach (var delivery in webhooks.GroupBy(w => w.Data["deliveryId"]!.GetValue<string>()))
        {
            Assert.True(delivery.Select(w => w.Id).Distinct().Count() == 1,
                $"Delivery {delivery.Key} reached the agency under several webhook ids: {string.Join(", ", delivery.Select(w => w.Id).Distinct())}");
        }

        return new AuditFigures(wanted.Count, webhooks.Count, webhooks.Count - webhooks.Select(w => w.Id).Distinct().Count(),
            TimeProvider.System.GetElapsedTime(started));
    }

    private static IEnumerable<ReceivedWebhook> Submissions(TestAgency agency) =>
        agency.Received.Where(w => w.Type == WebhookEvents.DossierSubmitted);

    /// <returns>The wanted dossiers with no main row, no delivery, or a delivery not forwarded.</returns>
    private static async Task<List<string>> UnforwardedAsync(TableClient table, HashSet<string> wanted)
    {
        var stored = new HashSet<string>(StringComparer.Ordinal);
        var forwarded = new Dictionary<string, bool>(StringComparer.Ordinal);
        var filter = TableClient.CreateQueryFilter(
            $"RowKey eq {DossierRow.Key} or (RowKey ge {DeliveryRow.Prefix} and RowKey lt {DeliveryRow.Prefix + "~"})");
        await foreach (var row in table.QueryAsync<TableEntity>(filter, select: ["PartitionKey", "RowKey", "Status"]))
        {
            if (row.RowKey == DossierRow.Key)
            {
                stored.Add(row.PartitionKey);
            }
            else
            {
                forwarded[row.PartitionKey] = forwarded.GetValueOrDefault(row.PartitionKey, true) && row.GetString("Status") == DossierStatus.Forwarded;
            }
        }

        return [.. wanted.Where(id => !stored.Contains(id) || !forwarded.GetValueOrDefault(id))];
    }
}
