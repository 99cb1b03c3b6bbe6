// Every input of the bad-input corpus is refused with the status API.md documents, as problem+json, and leaves the whole
// storage account as it was.
using System.Collections.Concurrent;
using System.Text.Json;
using System.Text.Json.Nodes;
using Azure.Data.Tables;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Time.Testing;
using MotCua.Status;
using MotCua.Storage;
using MotCua.Tests.Infrastructure;
using MotCua.Vietnam;

namespace MotCua.Tests.Reliability;

/// <summary>
/// One Azurite and one app for the corpus, and for nothing else: its check covers the whole account, so no other test may
/// write to it. The app's clock stands still, so its timers never fire, and ForwardDossier is disabled (the host's
/// AzureWebJobs.&lt;name&gt;.Disabled), so a dossier stored by mistake is never forwarded: nothing runs in the background,
/// and a snapshot taken after a request shows only what that request did (a message it enqueued stays in the queue, to be
/// counted). No agency is registered.
/// </summary>
public sealed class BadInputApp : IAsyncLifetime
{
    private const string Roads = "bxd-cucduongbo";

    private static readonly string[] Timers = ["OutboxSweep", "OverdueSweep", "DailyReport", "ReconcilePayments"];

    public Azurite Azurite { get; } = new();

    public Portal Portal { get; private set; } = null!;

    public CorpusTargets Targets { get; private set; } = null!;

    public async Task InitializeAsync()
    {
        await Azurite.InitializeAsync();
        var clock = new FakeTimeProvider(DateTimeOffset.UtcNow);
        // The corpus's hundreds of refused inputs come from one address: budgets for a crowd.
        Portal = await Portal.StartAsync(Azurite, FunctionApp.ManyClients(new Dictionary<string, string?>
        {
            ["Limits:MaxFileBytes"] = $"{BadInputCorpus.MaxFileBytes}",
            ["Limits:MaxDossierBytes"] = $"{BadInputCorpus.MaxDossierBytes}",
            ["Limits:MaxFiles"] = $"{BadInputCorpus.MaxFiles}",
            ["Limits:MaxJsonBytes"] = $"{BadInputCorpus.MaxJsonBytes}",
            ["AzureWebJobs.ForwardDossier.Disabled"] = "true",
        }), builder => builder.Services.AddSingleton<TimeProvider>(clock));
        await TimersSettledAsync();
        var (waitingId, waitingKey) = await SeedAsync(DossierStatus.SupplementRequested, clock.GetUtcNow());
        var (finishedId, finishedKey) = await SeedAsync(DossierStatus.Rejected, clock.GetUtcNow());
        var (expired, withdrawn) = await SeedLinksAsync(waitingId, clock.GetUtcNow());
        Targets = new CorpusTargets(waitingId, waitingKey, finishedId, finishedKey, expired, withdrawn);
    }

    public async Task DisposeAsync()
    {
        await Portal.DisposeAsync();
        await Azurite.DisposeAsync();
    }

    /// <summary>
    /// Each timer takes its lock blob and records its schedule status at start-up (azure-webjobs-hosts, as in Azure); the
    /// corpus waits for them so that a snapshot never sees them appear. The worker's clock stands still, so what the timers
    /// run when they fire on the wall clock finds nothing to do.
    /// </summary>
    private async Task TimersSettledAsync()
    {
        var hosts = new Azure.Storage.Blobs.BlobServiceClient(Azurite.ConnectionString).GetBlobContainerClient(TimerBlobs.Container);
        var expected = Timers.SelectMany(timer => new[]
        {
            TimerBlobs.LockPath(TimerBlobs.DefaultHostId, timer), TimerBlobs.StatusPath(TimerBlobs.DefaultHostId, timer),
        }).ToHashSet();
        await Poll.UntilAsync(async () => await hosts.ExistsAsync() && expected.IsSubsetOf(await hosts.GetBlobsAsync().Select(blob => blob.Name).ToHashSetAsync()),
            TimeSpan.FromSeconds(30), () => "The app's timers never recorded their schedules.");
    }

    /// <summary>
    /// Two links an agency was sent to a file of <paramref name="dossierId"/>, written straight into storage (tokens are minted only
    /// by forwarding): one expired a second ago, one to an account's document whose consent the citizen has withdrawn.
    /// </summary>
    private async Task<(string Expired, string Withdrawn)> SeedLinksAsync(string dossierId, DateTimeOffset now)
    {
        var (expired, withdrawn) = (NewToken(), NewToken());
        var documentId = DocumentRow.IdOf(dossierId, "0123456789abcdef");
        var links = Portal.Tables.GetTableClient(StorageNames.FileLinksTable);
        await links.AddEntityAsync(Link(expired, now.AddSeconds(-1), null));
        await links.AddEntityAsync(Link(withdrawn, now.AddDays(7), "corpus-account"));
        await Portal.Dossiers.AddEntityAsync(new ConsentRow
        {
            PartitionKey = dossierId, RowKey = ConsentRow.KeyFor(documentId), AccountId = "corpus-account", DocumentId = documentId, AgencyIds = Roads,
            GivenAt = now.AddDays(-1), WithdrawnAt = now,
        });
        return (expired, withdrawn);

        FileLinkRow Link(string token, DateTimeOffset expiresAt, string? accountId) => new()
        {
            PartitionKey = AttachmentLinks.HashOf(token), RowKey = FileLinkRow.Key, DossierId = dossierId, FileKey = FileRow.AttachmentPrefix + "0123456789abcdef",
            AgencyId = Roads, AgencyName = "Cục Đường bộ Việt Nam", Purpose = "Giải quyết hồ sơ Đổi giấy phép lái xe", Container = StorageNames.AttachmentsContainer,
            BlobName = $"{dossierId}/0123456789abcdef", ExpiresAt = expiresAt, AccountId = accountId, DocumentId = accountId is null ? null : documentId,
        };

        static string NewToken() => System.Buffers.Text.Base64Url.EncodeToString(System.Security.Cryptography.RandomNumberGenerator.GetBytes(32));
    }

    /// <summary>
    /// A licence dossier whose one delivery is in <paramref name="status"/>, written straight into storage: reaching it through
    /// the API would need an agency and forwarding, which would keep writing in the background while the corpus runs.
    /// </summary>
    private async Task<(string Id, string Key)> SeedAsync(string status, DateTimeOffset now)
    {
        var (id, key) = (DossierId.New(), AccessKey.New());
        ITableEntity[] rows =
        [
            new DossierRow
            {
                PartitionKey = id, RowKey = DossierRow.Key, ProcedureCode = Samples.LicenceExchange, ProcedureName = "Đổi giấy phép lái xe",
                SubmittedAt = now, DueAt = now.AddDays(7), AccessKeyHash = AccessKey.Hash(key), ApplicantFullName = "Nguyễn Văn An",
                ApplicantIdMasked = "0010******45",
            },
            new DeliveryRow
            {
                PartitionKey = id, RowKey = DeliveryRow.KeyFor(Roads), DeliveryId = $"{id}-01", AgencyId = Roads, Status = status, UpdatedAt = now,
                SupplementRequestedAt = status == DossierStatus.SupplementRequested ? now : null,
            },
            new HistoryRow { PartitionKey = id, RowKey = HistoryRow.KeyFor(now), At = now, Status = status, AgencyId = Roads },
        ];
        await Portal.Dossiers.SubmitTransactionAsync(rows.Select(row => new TableTransactionAction(TableTransactionActionType.Add, row)));
        return (id, key);
    }
}

public sealed class BadInputCorpusTests(BadInputApp app) : IClassFixture<BadInputApp>
{
    [Fact]
    public async Task Every_bad_input_is_refused_with_its_documented_status_as_problem_json_and_nothing_is_stored()
    {
        var failures = new List<string>();
        var stored = new List<string>();
        var before = await app.Portal.StorageSnapshotAsync();
        // Categories one after another, so that anything stored is traced to its category; the cases of one category at once.
        foreach (var (category, cases) in BadInputCorpus.Categories)
        {
            var answers = new ConcurrentDictionary<string, string?>(StringComparer.Ordinal);
            await Parallel.ForEachAsync(cases, new ParallelOptions { MaxDegreeOfParallelism = 8 },
                async (bad, _) => answers[bad.Name] = await WhatIsWrongAsync(bad));
            failures.AddRange(cases.Where(c => answers[c.Name] is not null).Select(c => $"{c.Name} — {answers[c.Name]}"));
            var after = await app.Portal.StorageSnapshotAsync();
            stored.AddRange(before.Keys.Union(after.Keys).Where(k => before.GetValueOrDefault(k) != after.GetValueOrDefault(k))
                .Select(k => $"{category}: {k} went from {before.GetValueOrDefault(k)} to {after.GetValueOrDefault(k)}"));
            before = after;
        }

        var total = BadInputCorpus.Categories.Sum(c => c.Cases.Length);
        Assert.True(failures.Count + stored.Count == 0, string.Join('\n',
            [$"{failures.Count} of {total} bad inputs were not refused as documented:", .. failures, "Left in storage:", .. stored]));
    }

    /// <summary>What is wrong with the answer to <paramref name="bad"/>, or null when it is the documented refusal.</summary>
    private async Task<string?> WhatIsWrongAsync(BadInput bad)
    {
        try
        {
            using var request = bad.Request(app.Targets);
            using var response = await app.Portal.Client.SendAsync(request);
            var text = await response.Content.ReadAsStringAsync();
            var contentType = response.Content.Headers.ContentType?.MediaType;
            if (response.StatusCode != bad.Status || contentType != "application/problem+json")
            {
                return $"expected {(int)bad.Status} as problem+json, got {(int)response.StatusCode} {contentType}: {text[..Math.Min(text.Length, 300)]}";
            }

            var problem = JsonNode.Parse(text)!;
            if (problem["status"]?.GetValue<int>() != (int)bad.Status || string.IsNullOrEmpty(problem["type"]?.GetValue<string>())
                || string.IsNullOrEmpty(problem["title"]?.GetValue<string>()) || string.IsNullOrEmpty(problem["detail"]?.GetValue<string>()))
            {
                return $"the problem lacks its type, title, detail or status {(int)bad.Status}: {text}";
            }

            return bad.NotEchoed is { } dangerous && Strings(problem).Any(s => s.Contains(dangerous, StringComparison.Ordinal))
                ? $"the answer repeats \"{dangerous}\": {text}"
                : null;
        }
        catch (Exception ex) when (ex is HttpRequestException or JsonException)
        {
            return $"{ex.GetType().Name}: {ex.Message}";
        }
    }

    private static IEnumerable<string> Strings(JsonNode? node) => node switch
    {
        JsonObject o => o.SelectMany(p => Strings(p.Value)),
        JsonArray a => a.SelectMany(Strings),
        JsonValue v when v.TryGetValue<string>(out var s) => [s],
        _ => [],
    };
}
