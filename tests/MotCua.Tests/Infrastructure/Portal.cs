// The app with fast test settings (short retry schedule, quick polling) plus helpers to register agencies,
// submit dossiers and read what landed in storage.
using System.Net.Http.Headers;
using System.Text;
using System.Text.Json;
using System.Text.Json.Nodes;
using Azure.Data.Tables;
using Azure.Storage.Blobs;
using Azure.Storage.Queues;
using Microsoft.Azure.Functions.Worker.Builder;

namespace MotCua.Tests.Infrastructure;

public sealed record Submitted(HttpResponseMessage Response, JsonNode? Body)
{
    public string Id => Body!["id"]!.GetValue<string>();

    public string AccessKey => Body!["accessKey"]!.GetValue<string>();
}

public sealed class Portal : IAsyncDisposable
{
    private Portal(FunctionApp app, Azurite azurite)
    {
        App = app;
        Azurite = azurite;
        Tables = new TableServiceClient(azurite.ConnectionString);
        Blobs = new BlobServiceClient(azurite.ConnectionString);
        Queues = new QueueServiceClient(azurite.ConnectionString);
    }

    public FunctionApp App { get; }

    public Azurite Azurite { get; }

    public HttpClient Client => App.Client;

    public TableServiceClient Tables { get; }

    public BlobServiceClient Blobs { get; }

    public QueueServiceClient Queues { get; }

    public TableClient Dossiers => Tables.GetTableClient("Dossiers");

    public static async Task<Portal> StartAsync(Azurite azurite, IDictionary<string, string?>? settings = null,
        Action<FunctionsApplicationBuilder>? configure = null) =>
        new(await FunctionApp.StartAsync(azurite, settings: FastSettings(settings), configure: configure), azurite);

    /// <summary>
    /// The portal's test settings (a retry schedule of seconds, quick polling, failed messages retried at once) with
    /// <paramref name="overrides"/> on top; for an <see cref="AppProcess"/> as much as for the in-process app.
    /// </summary>
    public static Dictionary<string, string?> FastSettings(IDictionary<string, string?>? overrides = null) => FunctionApp.Overlay(new Dictionary<string, string?>
    {
        ["Webhooks:RetrySchedule"] = "00:00:01,00:00:01,00:00:01",
        ["Webhooks:Timeout"] = "00:00:05",
        ["AzureFunctionsJobHost:extensions:queues:maxPollingInterval"] = "00:00:00.200",
        ["AzureFunctionsJobHost:extensions:queues:visibilityTimeout"] = "00:00:00",
    }, overrides);

    /// <summary>Registers <paramref name="agency"/>'s URL and secret as the endpoint of each agency id (admin API).</summary>
    public Task RegisterAsync(TestAgency agency, params string[] agencyIds) => RegisterAsync(Client, agency, agencyIds);

    /// <inheritdoc cref="RegisterAsync(TestAgency, string[])"/>
    /// <param name="portal">A client of the app to register with: an in-process one, or an <see cref="AppProcess"/>.</param>
    public static async Task RegisterAsync(HttpClient portal, TestAgency agency, params string[] agencyIds)
    {
        foreach (var id in agencyIds)
        {
            using var response = await portal.SendAsync(HttpMethod.Put, $"/api/ops/agencies/{id}",
                new { name = $"Cơ quan {id}", webhookUrl = $"{agency.WebhookUrl}?agency={id}", secret = agency.Secret }, functionKey: FunctionApp.AdminKey);
            response.EnsureSuccessStatusCode();
        }
    }

    /// <summary>Registers <paramref name="agency"/> as <paramref name="agencyId"/>, submits, and waits until the dossier is forwarded.</summary>
    public Task<Submitted> SubmitForwardedAsync(TestAgency agency, string agencyId, Func<Portal, Task<Submitted>> submit) =>
        SubmitForwardedAsync(agency, [agencyId], submit);

    /// <summary>
    /// Registers <paramref name="agency"/> as each of <paramref name="agencyIds"/>, submits, and waits until the dossier is forwarded
    /// (its status is its least advanced delivery's, so every delivery is).
    /// </summary>
    public async Task<Submitted> SubmitForwardedAsync(TestAgency agency, string[] agencyIds, Func<Portal, Task<Submitted>> submit)
    {
        await RegisterAsync(agency, agencyIds);
        var submitted = await submit(this);
        await PayFeeIfDueAsync(submitted);
        await WaitForDossierAsync(submitted.Id, submitted.AccessKey, d => d["status"]!.GetValue<string>() == "forwarded");
        return submitted;
    }

    /// <summary>
    /// When the dossier waits for its fee (a level-4 procedure), pays it as the gateway's server would: checkout, then a successful
    /// IPN for the attempt, signed as the gateway signs it.
    /// </summary>
    public async Task PayFeeIfDueAsync(Submitted submitted)
    {
        if (submitted.Body!["status"]!.GetValue<string>() != "awaiting_payment")
        {
            return;
        }

        var paymentId = submitted.Body["payments"]![0]!["id"]!.GetValue<string>();
        using var checkout = await Client.SendAsync(HttpMethod.Post, $"/api/dossiers/{submitted.Id}/payments/{paymentId}/checkout", null,
            accessKey: submitted.AccessKey);
        var payUrl = JsonNode.Parse(await checkout.Content.ReadAsStringAsync())!["payUrl"]!.GetValue<string>();
        using var ipn = await Client.GetAsync($"/api/payments/vnpay/ipn?{TestVnpay.Callback(payUrl)}");
        Assert.Equal("00", JsonNode.Parse(await ipn.Content.ReadAsStringAsync())!["RspCode"]!.GetValue<string>());
    }

    /// <param name="dossier">Sent as JSON, or as it is when it is <see cref="HttpContent"/> (the exact bytes of a body).</param>
    public async Task<Submitted> SubmitJsonAsync(object dossier, string? idempotencyKey = null, string? bearer = null) =>
        await ReadAsync(await Client.SendAsync(HttpMethod.Post, "/api/dossiers", dossier, idempotencyKey: idempotencyKey, bearer: bearer));

    public async Task<Submitted> SubmitMultipartAsync(object? dossier, IEnumerable<(string Part, string FileName, byte[] Content)> files,
        string path = "/api/dossiers", string? accessKey = null, string jsonPart = "dossier", string? bearer = null)
    {
        using var form = new MultipartFormDataContent();
        if (dossier is not null)
        {
            form.Add(new StringContent(JsonSerializer.Serialize(dossier, JsonSerializerOptions.Web), Encoding.UTF8, "application/json"), jsonPart);
        }

        foreach (var (part, fileName, content) in files)
        {
            var file = new ByteArrayContent(content);
            file.Headers.ContentType = new MediaTypeHeaderValue("application/octet-stream");
            form.Add(file, part, fileName);
        }

        return await ReadAsync(await Client.SendAsync(HttpMethod.Post, path, form, accessKey: accessKey, bearer: bearer));
    }

    public async Task<(HttpResponseMessage Response, JsonNode? Body)> GetDossierAsync(string id, string? accessKey)
    {
        var response = await Client.SendAsync(HttpMethod.Get, $"/api/dossiers/{id}", accessKey: accessKey);
        var text = await response.Content.ReadAsStringAsync();
        return (response, text.Length > 0 ? JsonNode.Parse(text) : null);
    }

    /// <summary>Polls the dossier until <paramref name="done"/> holds for its JSON view.</summary>
    public async Task<JsonNode> WaitForDossierAsync(string id, string accessKey, Func<JsonNode, bool> done, TimeSpan? timeout = null) =>
        (await Poll.UntilAsync(async () => (await GetDossierAsync(id, accessKey)).Body, body => body is not null && done(body),
            timeout ?? TimeSpan.FromSeconds(30), last => $"{id} never reached the expected state; last seen: {last?.ToJsonString()}",
            TimeSpan.FromMilliseconds(50)))!;

    public async Task<List<TableEntity>> RowsAsync(string dossierId, string rowKeyPrefix)
    {
        var rows = new List<TableEntity>();
        await foreach (var row in Dossiers.QueryAsync<TableEntity>(e => e.PartitionKey == dossierId))
        {
            if (row.RowKey.StartsWith(rowKeyPrefix, StringComparison.Ordinal))
            {
                rows.Add(row);
            }
        }

        return rows;
    }

    /// <summary>
    /// Every row of an item's partition as RowKey → all its properties (ETag and Timestamp included) in one line of text:
    /// two snapshots are equal only when nothing in the partition was added, removed or written, even with the same values.
    /// Notification rows aside: their sender writes them in the background, on its own time (a test of them reads them itself).
    /// </summary>
    public async Task<SortedDictionary<string, string>> PartitionAsync(string itemId)
    {
        var rows = new SortedDictionary<string, string>(StringComparer.Ordinal);
        foreach (var row in (await RowsAsync(itemId, "")).Where(row => !row.RowKey.StartsWith("notification|", StringComparison.Ordinal)))
        {
            rows[row.RowKey] = string.Join("; ", row.Keys.Order(StringComparer.Ordinal).Select(key => row[key] switch
            {
                DateTimeOffset at => $"{key}={at:O}",
                var value => FormattableString.Invariant($"{key}={value}"),
            }));
        }

        return rows;
    }

    /// <summary>
    /// How much the whole storage account holds: "table Dossiers", "container attachments", "queue deliver"… → rows, blobs,
    /// messages. Two equal snapshots mean nothing was stored, uploaded or enqueued in between, wherever the app might put it:
    /// only on an account that no other test writes to.
    /// </summary>
    public async Task<SortedDictionary<string, long>> StorageSnapshotAsync()
    {
        var counts = new List<Task<(string, long)>>();
        await foreach (var table in Tables.QueryAsync())
        {
            counts.Add(CountNamedAsync($"table {table.Name}", Tables.GetTableClient(table.Name).QueryAsync<TableEntity>(filter: (string?)null, select: ["RowKey"])));
        }

        await foreach (var container in Blobs.GetBlobContainersAsync())
        {
            counts.Add(CountNamedAsync($"container {container.Name}", Blobs.GetBlobContainerClient(container.Name).GetBlobsAsync()));
        }

        await foreach (var queue in Queues.GetQueuesAsync())
        {
            counts.Add(MessagesAsync(queue.Name));
        }

        return new SortedDictionary<string, long>((await Task.WhenAll(counts)).ToDictionary(c => c.Item1, c => c.Item2), StringComparer.Ordinal);

        static async Task<(string, long)> CountNamedAsync<T>(string name, IAsyncEnumerable<T> items) => (name, await CountAsync(items));

        async Task<(string, long)> MessagesAsync(string queue) =>
            ($"queue {queue}", (await Queues.GetQueueClient(queue).GetPropertiesAsync()).Value.ApproximateMessagesCount);
    }

    /// <summary>
    /// The ids of the dossiers whose main row mentions <paramref name="marker"/> anywhere (in its applicant, in its fields): what
    /// requests carrying a marker that no other test sends have stored, whatever other tests store meanwhile.
    /// </summary>
    public async Task<List<string>> DossiersMentioningAsync(string marker)
    {
        var ids = new List<string>();
        await foreach (var row in Dossiers.QueryAsync<TableEntity>(e => e.RowKey == "dossier"))
        {
            if (row.Any(property => property.Value is string text && text.Contains(marker, StringComparison.Ordinal)))
            {
                ids.Add(row.PartitionKey);
            }
        }

        return ids;
    }

    /// <summary>The names of the blobs of <paramref name="container"/> that hold exactly <paramref name="content"/>; none while it does not exist.</summary>
    public async Task<List<string>> BlobsHoldingAsync(string container, byte[] content)
    {
        var client = Blobs.GetBlobContainerClient(container);
        var names = new List<string>();
        if (!await client.ExistsAsync())
        {
            return names;
        }

        await foreach (var blob in client.GetBlobsAsync())
        {
            if (blob.Properties.ContentLength == content.Length
                && (await client.GetBlobClient(blob.Name).DownloadContentAsync()).Value.Content.ToMemory().Span.SequenceEqual(content))
            {
                names.Add(blob.Name);
            }
        }

        return names;
    }

    public async ValueTask DisposeAsync() => await App.DisposeAsync();

    private static async Task<long> CountAsync<T>(IAsyncEnumerable<T> items)
    {
        long count = 0;
        await foreach (var _ in items)
        {
            count++;
        }

        return count;
    }

    private static async Task<Submitted> ReadAsync(HttpResponseMessage response)
    {
        var text = await response.Content.ReadAsStringAsync();
        return new Submitted(response, text.Length > 0 ? JsonNode.Parse(text) : null);
    }
}
