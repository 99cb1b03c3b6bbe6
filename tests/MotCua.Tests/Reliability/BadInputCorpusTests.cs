// Every input of the bad-input corpus is refused with the status API.md documents, as problem+json, and leaves the whole
// storage account as it was; and what the portal cleans rather than refuses (decomposed text, paths in file names) is
// stored cleaned.
using System.Collections.Concurrent;
using System.Net;
using System.Text;
using System.Text.Json;
using System.Text.Json.Nodes;
using Azure.Data.Tables;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Time.Testing;
using MotCua.Status;
using MotCua.Storage;
using MotCua.Submission;
using MotCua.Tests.Infrastructure;

namespace MotCua.Tests.Reliability;

/// <summary>
/// One Azurite and one app for the whole corpus. The app's clock stands still, so its timers never fire, and ForwardDossier
/// is disabled (the host's AzureWebJobs.&lt;name&gt;.Disabled), so the dossiers the other tests here store are never
/// forwarded: nothing runs in the background, and a snapshot taken after a request shows only what that request did (a
/// message it enqueued stays in the queue, to be counted). No agency is registered.
/// </summary>
public sealed class BadInputApp : IAsyncLifetime
{
    private const string Roads = "bxd-cucduongbo";

    private static readonly string[] Timers = ["OutboxSweep", "OverdueSweep", "DailyReport"];

    public Azurite Azurite { get; } = new();

    public Portal Portal { get; private set; } = null!;

    public CorpusTargets Targets { get; private set; } = null!;

    public async Task InitializeAsync()
    {
        await Azurite.InitializeAsync();
        var clock = new FakeTimeProvider(DateTimeOffset.UtcNow);
        Portal = await Portal.StartAsync(Azurite, new Dictionary<string, string?>
        {
            ["Limits:MaxFileBytes"] = $"{BadInputCorpus.MaxFileBytes}",
            ["Limits:MaxDossierBytes"] = $"{BadInputCorpus.MaxDossierBytes}",
            ["Limits:MaxFiles"] = $"{BadInputCorpus.MaxFiles}",
            ["Limits:MaxJsonBytes"] = $"{BadInputCorpus.MaxJsonBytes}",
            ["AzureWebJobs.ForwardDossier.Disabled"] = "true",
        }, builder => builder.Services.AddSingleton<TimeProvider>(clock));
        await TimersSettledAsync();
        var (waitingId, waitingKey) = await SeedAsync(DossierStatus.SupplementRequested, clock.GetUtcNow());
        var (finishedId, finishedKey) = await SeedAsync(DossierStatus.Rejected, clock.GetUtcNow());
        Targets = new CorpusTargets(waitingId, waitingKey, finishedId, finishedKey);
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

    [Fact]
    public async Task Decomposed_text_is_stored_in_NFC_and_markup_in_free_text_is_kept_verbatim_and_served_escaped()
    {
        const string Markup = "<script>alert(1)</script>' OR '1'='1";
        var dossier = new
        {
            procedureCode = Samples.ElectricityBill,
            applicant = new
            {
                kind = "citizen", fullName = $"Nguyễn Văn An {Markup}".Normalize(NormalizationForm.FormD), idNumber = "001090012345", phone = "0912345678",
                address = "Số 1 Tràng Tiền, Hoàn Kiếm".Normalize(NormalizationForm.FormD),
            },
            fields = new { customerCode = "PD01001234567", province = "Hà Nội".Normalize(NormalizationForm.FormD), billingPeriod = "10/2026", amountVnd = 356000 },
        };

        var submitted = await app.Portal.SubmitJsonAsync(dossier);
        using var view = await app.Portal.Client.SendAsync(HttpMethod.Get, $"/api/dossiers/{submitted.Id}", accessKey: submitted.AccessKey);
        var viewText = await view.Content.ReadAsStringAsync();

        Assert.Equal(HttpStatusCode.Created, submitted.Response.StatusCode);
        Assert.Equal("evn-hanoi", submitted.Body!["deliveries"]![0]!["agencyId"]!.GetValue<string>());
        var row = Assert.Single(await app.Portal.RowsAsync(submitted.Id, DossierRow.Key));
        Assert.Equal($"Nguyễn Văn An {Markup}", row.GetString(nameof(DossierRow.ApplicantFullName)));
        Assert.True(row.GetString(nameof(DossierRow.ApplicantJson)).IsNormalized(NormalizationForm.FormC));
        Assert.Equal("Hà Nội", JsonNode.Parse(row.GetString(nameof(DossierRow.FieldsJson)))!["province"]!.GetValue<string>());
        Assert.Equal($"Nguyễn Văn An {Markup}", JsonNode.Parse(viewText)!["applicant"]!["fullName"]!.GetValue<string>());
        Assert.DoesNotContain("<", viewText, StringComparison.Ordinal);
        Assert.DoesNotContain("'", viewText, StringComparison.Ordinal);
    }

    [Fact]
    public async Task File_names_lose_their_paths_and_never_name_a_blob()
    {
        var files = Samples.LicenceFiles();
        files[0] = ("healthCertificate", "../../../../etc/passwd.pdf", files[0].Item3);
        files[1] = ("currentLicence", @"..\..\Windows\GPLX hiện tại.png".Normalize(NormalizationForm.FormD), files[1].Item3);
        files[2] = ("portraitPhoto", @"C:\Users\An\ảnh chân dung.jpg", files[2].Item3);

        var submitted = await app.Portal.SubmitMultipartAsync(Samples.Licence(), files);

        Assert.Equal(HttpStatusCode.Created, submitted.Response.StatusCode);
        var stored = await app.Portal.RowsAsync(submitted.Id, FileRow.AttachmentPrefix);
        Assert.Equal(["GPLX hiện tại.png", "passwd.pdf", "ảnh chân dung.jpg"],
            stored.Select(r => r.GetString(nameof(FileRow.FileName))).Order(StringComparer.Ordinal));
        Assert.All(stored, r => Assert.Matches($"^{submitted.Id}/[0-9a-f]{{16}}$", r.GetString(nameof(FileRow.BlobName))));
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
