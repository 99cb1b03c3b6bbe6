// Abuse of the signed agency events and of the citizen's access keys: every attempt is refused with the status API.md
// documents, changes nothing in the partition it aimed at, and is answered exactly like its harmless twins, so that a
// refusal tells an attacker neither why it failed nor whether what they aimed at exists.
using System.Net;
using System.Net.Http.Json;
using System.Text.Json.Nodes;
using System.Text.RegularExpressions;
using Microsoft.Extensions.DependencyInjection;
using MotCua.Status;
using MotCua.Storage;
using MotCua.Tests.Infrastructure;
using MotCua.Vietnam;

namespace MotCua.Tests.Reliability;

/// <summary>
/// One app, five agencies and their forwarded dossiers and feedback, for the whole class. EVN Hà Nội replaced its secret
/// 25 hours ago (the old one is past its 24 h grace); EVN miền Trung replaced the same old secret just now (still in grace).
/// The clock is set, not running, so the rotation can be 25 hours old; the agencies sign and verify by the same clock.
/// </summary>
public sealed class AbuseScene : IAsyncLifetime
{
    public const string Hanoi = "evn-hanoi";
    public const string Hcmc = "evn-hcmc";
    public const string Central = "evn-cpc";
    public const string Roads = "bxd-cucduongbo";

    private readonly DateTimeOffset _now = DateTimeOffset.UtcNow;

    public AbuseScene() => Clock = new SetClock(_now.AddHours(-25));

    public Azurite Azurite { get; } = new();

    public SetClock Clock { get; }

    public Portal Portal { get; private set; } = null!;

    /// <summary>The secret both Hà Nội and miền Trung used before their rotations.</summary>
    public TestAgency Retired { get; private set; } = null!;

    public TestAgency HanoiAgency { get; private set; } = null!;

    public TestAgency HcmcAgency { get; private set; } = null!;

    public TestAgency CentralAgency { get; private set; } = null!;

    public TestAgency RoadsAgency { get; private set; } = null!;

    /// <summary>Forwarded to Hà Nội and never legitimately changed: what every refused event aims at.</summary>
    public Submitted Target { get; private set; } = null!;

    /// <summary>Forwarded to Hà Nội, for the replay test to accept once.</summary>
    public Submitted Replayed { get; private set; } = null!;

    /// <summary>Forwarded to miền Trung, for the old secret to accept inside its grace.</summary>
    public Submitted Graced { get; private set; } = null!;

    /// <summary>A driving-licence exchange with three attachments, forwarded to Cục Đường bộ: what citizens' guesses aim at.</summary>
    public Submitted Licence { get; private set; } = null!;

    public string LicenceAttachmentId { get; private set; } = "";

    /// <summary>Feedback routed to Hà Nội, never answered.</summary>
    public Submitted Feedback { get; private set; } = null!;

    /// <summary>Feedback routed to Hà Nội, for the replay test to answer once.</summary>
    public Submitted ReplayedFeedback { get; private set; } = null!;

    public async Task InitializeAsync()
    {
        await Azurite.InitializeAsync();
        var agencies = await Task.WhenAll(Enumerable.Range(0, 5).Select(_ => TestAgency.StartAsync(Clock)));
        (Retired, HanoiAgency, HcmcAgency, CentralAgency, RoadsAgency) = (agencies[0], agencies[1], agencies[2], agencies[3], agencies[4]);
        // Every guess and forgery comes from one address: budgets for a crowd (RateLimitTests holds the limits to theirs).
        Portal = await Portal.StartAsync(Azurite, FunctionApp.ManyClients(), builder => builder.Services.AddSingleton<TimeProvider>(Clock));
        await Portal.RegisterAsync(Retired, Hanoi);
        await Portal.RegisterAsync(HanoiAgency, Hanoi);
        Clock.SetUtcNow(_now);
        await Portal.RegisterAsync(Retired, Central);
        await Portal.RegisterAsync(CentralAgency, Central);
        await Portal.RegisterAsync(HcmcAgency, Hcmc);
        await Portal.RegisterAsync(RoadsAgency, Roads);

        Target = await Portal.SubmitJsonAsync(Samples.ElectricityPayment());
        Replayed = await Portal.SubmitJsonAsync(Samples.ElectricityPayment(customerCode: "PD01009876543"));
        Graced = await Portal.SubmitJsonAsync(Samples.ElectricityPayment(province: "Đà Nẵng"));
        Licence = await Portal.SubmitMultipartAsync(Samples.Licence(), Samples.LicenceFiles());
        await Portal.PayFeeIfDueAsync(Licence);
        Feedback = await SubmitFeedbackAsync();
        ReplayedFeedback = await SubmitFeedbackAsync();
        foreach (var item in new[] { Target, Replayed, Graced, Licence, Feedback, ReplayedFeedback })
        {
            await ForwardedAsync(item.Id);
        }

        var (_, licence) = await Portal.GetDossierAsync(Licence.Id, Licence.AccessKey);
        LicenceAttachmentId = licence!["attachments"]![0]!["id"]!.GetValue<string>();
    }

    public async Task DisposeAsync()
    {
        await Portal.DisposeAsync();
        foreach (var agency in new[] { Retired, HanoiAgency, HcmcAgency, CentralAgency, RoadsAgency })
        {
            await agency.DisposeAsync();
        }

        await Azurite.DisposeAsync();
    }

    private async Task<Submitted> SubmitFeedbackAsync()
    {
        using var response = await Portal.Client.PostAsJsonAsync(new Uri("/api/feedback", UriKind.Relative),
            Samples.Feedback(category: "conduct", procedureCode: null, agencyId: Hanoi));
        Assert.Equal(HttpStatusCode.Created, response.StatusCode);
        return new Submitted(response, JsonNode.Parse(await response.Content.ReadAsStringAsync()));
    }

    /// <summary>Until every delivery of the item reads forwarded: after that, nothing but the tests writes to its partition.</summary>
    private Task ForwardedAsync(string itemId) =>
        Poll.UntilAsync(async () => (await Portal.RowsAsync(itemId, DeliveryRow.Prefix)).All(d => d.GetString(nameof(DeliveryRow.Status)) == DossierStatus.Forwarded),
            TimeSpan.FromSeconds(30), () => $"{itemId} was never forwarded.", TimeSpan.FromMilliseconds(50));
}

public sealed partial class WebhookAbuseTests(AbuseScene scene) : IClassFixture<AbuseScene>
{
    private Portal Portal => scene.Portal;

    [Theory]
    [InlineData("no webhook headers")]
    [InlineData("no webhook-id")]
    [InlineData("no webhook-timestamp")]
    [InlineData("no webhook-signature")]
    [InlineData("another agency's secret")]
    [InlineData("the body changed after signing")]
    [InlineData("the signature of another webhook-id")]
    [InlineData("a signature that is not base64")]
    [InlineData("an unknown signature scheme")]
    [InlineData("a timestamp 301 s old")]
    [InlineData("a timestamp 301 s ahead")]
    [InlineData("a timestamp in milliseconds")]
    [InlineData("a timestamp that is not a number")]
    [InlineData("two webhook-ids")]
    [InlineData("a webhook-id with a dot")]
    public async Task A_refused_signature_is_a_401_like_any_other_and_changes_nothing(string tampering)
    {
        var target = await Portal.PartitionAsync(scene.Target.Id);
        var feedback = await Portal.PartitionAsync(scene.Feedback.Id);

        using var reference = await Portal.Client.SendAsync(Unsigned(scene.HanoiAgency.SignEvent(AbuseScene.Hanoi, Status(scene.Target.Id, "processing"))));
        using var status = await Portal.Client.SendAsync(
            await TamperedAsync(tampering, Status(scene.Target.Id, "accepted"), Status(scene.Target.Id, "rejected")));
        using var answer = await Portal.Client.SendAsync(
            await TamperedAsync(tampering, Answer(scene.Feedback.Id), Answer(scene.Feedback.Id, "Nội dung đã bị sửa sau khi ký.")));

        Assert.Equal(HttpStatusCode.Unauthorized, reference.StatusCode);
        var refused = await AnswerAsync(reference);
        Assert.Equal(refused, await AnswerAsync(status));
        Assert.Equal(refused, await AnswerAsync(answer));
        Assert.Equal(target, await Portal.PartitionAsync(scene.Target.Id));
        Assert.Equal(feedback, await Portal.PartitionAsync(scene.Feedback.Id));
    }

    [Fact]
    public async Task A_secret_rotated_out_more_than_24_h_ago_is_refused_while_one_still_in_its_grace_works()
    {
        var target = await Portal.PartitionAsync(scene.Target.Id);
        var feedback = await Portal.PartitionAsync(scene.Feedback.Id);
        using var reference = await Portal.Client.SendAsync(Unsigned(scene.HanoiAgency.SignEvent(AbuseScene.Hanoi, Status(scene.Target.Id, "processing"))));

        using var expired = await scene.Retired.SendEventAsync(Portal.Client, AbuseScene.Hanoi, Status(scene.Target.Id, "accepted"));
        using var expiredAnswer = await scene.Retired.SendEventAsync(Portal.Client, AbuseScene.Hanoi, Answer(scene.Feedback.Id));
        using var graced = await scene.Retired.SendEventAsync(Portal.Client, AbuseScene.Central, Status(scene.Graced.Id, "accepted"));

        var refused = await AnswerAsync(reference);
        Assert.Equal(refused, await AnswerAsync(expired));
        Assert.Equal(refused, await AnswerAsync(expiredAnswer));
        Assert.Equal(target, await Portal.PartitionAsync(scene.Target.Id));
        Assert.Equal(feedback, await Portal.PartitionAsync(scene.Feedback.Id));
        Assert.Equal(HttpStatusCode.OK, graced.StatusCode);
        var (_, view) = await Portal.GetDossierAsync(scene.Graced.Id, scene.Graced.AccessKey);
        Assert.Equal("accepted", view!["status"]!.GetValue<string>());
    }

    [Fact]
    public async Task A_replayed_webhook_id_is_answered_200_as_a_duplicate_and_applies_nothing_even_with_another_body()
    {
        var (statusId, answerId) = ($"msg_{Guid.NewGuid():N}", $"msg_{Guid.NewGuid():N}");
        var agency = scene.HanoiAgency;
        using var applied = await agency.SendEventAsync(Portal.Client, AbuseScene.Hanoi, Status(scene.Replayed.Id, "accepted"), statusId);
        using var answered = await agency.SendEventAsync(Portal.Client, AbuseScene.Hanoi, Answer(scene.ReplayedFeedback.Id), answerId);
        var dossier = await Portal.PartitionAsync(scene.Replayed.Id);
        var feedback = await Portal.PartitionAsync(scene.ReplayedFeedback.Id);

        HttpResponseMessage[] replays =
        [
            await agency.SendEventAsync(Portal.Client, AbuseScene.Hanoi, Status(scene.Replayed.Id, "accepted"), statusId),
            await agency.SendEventAsync(Portal.Client, AbuseScene.Hanoi, Status(scene.Replayed.Id, "rejected"), statusId),
            await agency.SendEventAsync(Portal.Client, AbuseScene.Hanoi, Answer(scene.ReplayedFeedback.Id), answerId),
            await agency.SendEventAsync(Portal.Client, AbuseScene.Hanoi, Answer(scene.ReplayedFeedback.Id, "Một câu trả lời khác, gửi lại cùng mã."), answerId),
        ];

        Assert.Equal(HttpStatusCode.OK, applied.StatusCode);
        Assert.Equal(HttpStatusCode.OK, answered.StatusCode);
        foreach (var replay in replays)
        {
            Assert.Equal(HttpStatusCode.OK, replay.StatusCode);
            Assert.Equal("""{"applied":false,"duplicate":true}""", await replay.Content.ReadAsStringAsync());
            replay.Dispose();
        }

        Assert.Equal(dossier, await Portal.PartitionAsync(scene.Replayed.Id));
        Assert.Equal(feedback, await Portal.PartitionAsync(scene.ReplayedFeedback.Id));
    }

    [Fact]
    public async Task An_agency_cannot_touch_what_was_not_sent_to_it_and_is_answered_as_if_it_did_not_exist()
    {
        var partitions = await PartitionsAsync(scene.Target.Id, scene.Licence.Id, scene.Feedback.Id);
        var (hanoi, hcmc) = (scene.HanoiAgency, scene.HcmcAgency);
        var guesses = Enumerable.Range(0, 10).Select(_ => DossierId.New()).ToList();

        // Signed correctly by an agency the dossier or feedback was not sent to, or for ids that do not exist.
        List<HttpResponseMessage> dossiers =
        [
            await hcmc.SendEventAsync(Portal.Client, AbuseScene.Hcmc, Status(scene.Target.Id, "accepted")),
            await hcmc.SendEventAsync(Portal.Client, AbuseScene.Hcmc, Result(scene.Target.Id)),
            await hanoi.SendEventAsync(Portal.Client, AbuseScene.Hanoi, Status(scene.Licence.Id, "accepted")),
            await hanoi.SendEventAsync(Portal.Client, AbuseScene.Hanoi, Status("HS-1", "accepted")),
            await hanoi.SendEventAsync(Portal.Client, AbuseScene.Hanoi, Status(scene.Feedback.Id, "accepted")),
            .. await Task.WhenAll(guesses.Select(id => hanoi.SendEventAsync(Portal.Client, AbuseScene.Hanoi, Status(id, "accepted")))),
        ];
        List<HttpResponseMessage> feedback =
        [
            await hcmc.SendEventAsync(Portal.Client, AbuseScene.Hcmc, Answer(scene.Feedback.Id)),
            await hanoi.SendEventAsync(Portal.Client, AbuseScene.Hanoi, Answer("PA-ABCDEFGHJKMN")),
            await hanoi.SendEventAsync(Portal.Client, AbuseScene.Hanoi, Answer(scene.Target.Id)),
        ];

        Assert.All(dossiers.Concat(feedback), r => Assert.Equal(HttpStatusCode.NotFound, r.StatusCode));
        Assert.Single((await Task.WhenAll(dossiers.Select(AnswerAsync))).Distinct());
        Assert.Single((await Task.WhenAll(feedback.Select(AnswerAsync))).Distinct());
        Assert.Equal(partitions, await PartitionsAsync(scene.Target.Id, scene.Licence.Id, scene.Feedback.Id));
        Assert.All(await Task.WhenAll(guesses.Select(id => Portal.RowsAsync(id, ""))), Assert.Empty);
        dossiers.Concat(feedback).ToList().ForEach(r => r.Dispose());
    }

    [Fact]
    public async Task Forged_replayed_or_altered_payment_callbacks_change_nothing_and_a_tampered_return_is_refused()
    {
        var licence = scene.Licence;
        var payUrl = (await Portal.RowsAsync(licence.Id, "txn|")).Single().GetString("PayUrl");
        static IEnumerable<KeyValuePair<string, string>> Kept(SortedDictionary<string, string> partition) =>
            partition.Where(row => !row.Key.StartsWith("callback|", StringComparison.Ordinal));
        var before = await Portal.PartitionAsync(licence.Id);
        async Task<string> IpnAsync(string query)
        {
            using var response = await Portal.Client.GetAsync($"/api/payments/vnpay/ipn?{query}");
            Assert.Equal(HttpStatusCode.OK, response.StatusCode);
            return System.Text.Json.Nodes.JsonNode.Parse(await response.Content.ReadAsStringAsync())!["RspCode"]!.GetValue<string>();
        }

        string[] answers =
        [
            await IpnAsync(TestVnpay.Callback(payUrl, secret: "a-forger-does-not-know-the-secret")),
            await IpnAsync(TestVnpay.Callback(payUrl, change: p => p["vnp_TmnCode"] = "OTHERMERCHANT")),
            await IpnAsync(TestVnpay.Callback(payUrl).Replace("vnp_ResponseCode=00", "vnp_ResponseCode=24", StringComparison.Ordinal)),
            await IpnAsync(TestVnpay.Callback(payUrl)),
            await IpnAsync(TestVnpay.Callback(payUrl, transactionNo: "99999999")),
            await IpnAsync(TestVnpay.Callback(payUrl, "24", "02", "0")),
            await IpnAsync(TestVnpay.Callback(payUrl, amountTimes100: 1)),
            await IpnAsync(TestVnpay.Callback(payUrl, change: p => p["vnp_TxnRef"] = $"{licence.Id}-TT01-07")),
            await IpnAsync(TestVnpay.Callback(payUrl, change: p => p["vnp_TxnRef"] = "HS-ABCDEFGHJKMN-TT01-01")),
            await IpnAsync(TestVnpay.Callback(payUrl, change: p => p["vnp_TxnRef"] = "' OR PartitionKey ne '")),
        ];

        Assert.Equal(["97", "97", "97", "02", "02", "02", "04", "01", "01", "01"], answers);
        var after = await Portal.PartitionAsync(licence.Id);
        Assert.Equal(Kept(before), Kept(after));
        using var tampered = await Portal.Client.GetAsync(
            $"/api/payments/vnpay/return?{TestVnpay.Callback(payUrl).Replace("vnp_Amount=13500000", "vnp_Amount=100", StringComparison.Ordinal)}");
        Assert.Equal(HttpStatusCode.BadRequest, tampered.StatusCode);
        Assert.Equal(Kept(after), Kept(await Portal.PartitionAsync(licence.Id)));
    }

    [Fact]
    public async Task An_agency_that_is_not_registered_is_a_404_whether_or_not_it_signs_and_whatever_its_name()
    {
        // API.md: 404 for an unknown agency; 401 only once the agency is known and its signature fails.
        var partition = await Portal.PartitionAsync(scene.Target.Id);
        HttpResponseMessage[] unknown =
        [
            await scene.HanoiAgency.SendEventAsync(Portal.Client, "evn-npc", Status(scene.Target.Id, "accepted")),
            await Portal.Client.SendAsync(Unsigned(scene.HanoiAgency.SignEvent("evn-npc", Status(scene.Target.Id, "accepted")))),
            await scene.HanoiAgency.SendEventAsync(Portal.Client, "no-such-agency", Status(scene.Target.Id, "accepted")),
            await scene.HanoiAgency.SendEventAsync(Portal.Client, Uri.EscapeDataString("evn-hanoi' or RowKey ne '"), Status(scene.Target.Id, "accepted")),
        ];

        Assert.All(unknown, r => Assert.Equal(HttpStatusCode.NotFound, r.StatusCode));
        Assert.Single((await Task.WhenAll(unknown.Select(AnswerAsync))).Distinct());
        Assert.Equal(partition, await Portal.PartitionAsync(scene.Target.Id));
        Array.ForEach(unknown, r => r.Dispose());
    }

    [Theory]
    [InlineData("lookup")]
    [InlineData("attachment download")]
    [InlineData("rating")]
    [InlineData("withdraw")]
    [InlineData("supplement")]
    public async Task Guessed_ids_and_keys_get_the_same_404_as_an_unknown_dossier_and_change_nothing(string endpoint)
    {
        var partitions = await PartitionsAsync(scene.Licence.Id, scene.Target.Id);
        var licence = scene.Licence;
        using var reference = await CitizenRequestAsync("lookup", DossierId.New(), null);
        (string Id, string? Key)[] guesses =
        [
            (licence.Id, null), (licence.Id, ""), (licence.Id, scene.Target.AccessKey), (licence.Id, licence.AccessKey[..^1]),
            (licence.Id, licence.AccessKey + "0"), ("HS-1", licence.AccessKey), (licence.Id.ToLowerInvariant(), licence.AccessKey),
            .. Enumerable.Range(0, 5).Select(_ => (licence.Id, (string?)AccessKey.New())),
            .. Enumerable.Range(0, 5).Select(_ => (DossierId.New(), (string?)licence.AccessKey)),
        ];

        var answers = await Task.WhenAll(guesses.Select(async guess =>
        {
            using var response = await CitizenRequestAsync(endpoint, guess.Id, guess.Key);
            return await AnswerAsync(response);
        }));
        if (endpoint == "attachment download")
        {
            using var response = await Portal.Client.SendAsync(HttpMethod.Get,
                $"/api/dossiers/{licence.Id}/attachments/{Convert.ToHexStringLower(Guid.NewGuid().ToByteArray()[..8])}", accessKey: licence.AccessKey);
            answers = [.. answers, await AnswerAsync(response)];
        }

        Assert.Equal(HttpStatusCode.NotFound, reference.StatusCode);
        var notFound = await AnswerAsync(reference);
        Assert.All(answers, answer => Assert.Equal(notFound, answer));
        Assert.Equal(partitions, await PartitionsAsync(scene.Licence.Id, scene.Target.Id));
    }

    [Fact]
    public async Task Guessed_feedback_ids_and_keys_get_the_same_404_as_unknown_feedback()
    {
        var feedback = scene.Feedback;
        (string Id, string? Key)[] guesses =
        [
            ("PA-ABCDEFGHJKMN", null), (feedback.Id, null), (feedback.Id, scene.ReplayedFeedback.AccessKey), (feedback.Id, AccessKey.New()),
            (scene.Target.Id, scene.Target.AccessKey), (feedback.Id.ToLowerInvariant(), feedback.AccessKey),
        ];

        var answers = await Task.WhenAll(guesses.Select(async guess =>
        {
            using var response = await Portal.Client.SendAsync(HttpMethod.Get, $"/api/feedback/{guess.Id}", accessKey: guess.Key);
            return (response.StatusCode, await AnswerAsync(response));
        }));

        Assert.All(answers, a => Assert.Equal(HttpStatusCode.NotFound, a.StatusCode));
        Assert.Single(answers.Select(a => a.Item2).Distinct());
    }

    // ---- requests ----

    private object Status(string dossierId, string status) =>
        new { type = "dossier.status_changed", timestamp = scene.Clock.GetUtcNow(), data = new { dossierId, status } };

    private object Answer(string feedbackId, string answer = "Điện lực Hà Nội đã xác minh và nhắc nhở nhân viên liên quan.") =>
        new { type = "feedback.answered", timestamp = scene.Clock.GetUtcNow(), data = new { feedbackId, answer } };

    private object Result(string dossierId) => new
    {
        type = "dossier.result_issued",
        timestamp = scene.Clock.GetUtcNow(),
        data = new { dossierId, documents = new[] { new { fileName = "ket-qua.pdf", contentType = "application/pdf", contentBase64 = Convert.ToBase64String(Samples.Pdf("Ket qua")) } } },
    };

    /// <summary>Hà Nội's correctly signed event for <paramref name="body"/>, then spoiled as <paramref name="tampering"/> says.</summary>
    /// <param name="otherBody">What the body becomes when it is changed after signing.</param>
    private async Task<HttpRequestMessage> TamperedAsync(string tampering, object body, object otherBody)
    {
        var agency = scene.HanoiAgency;
        var now = scene.Clock.GetUtcNow();
        var request = tampering switch
        {
            "another agency's secret" => agency.SignEvent(AbuseScene.Hanoi, body, secret: scene.HcmcAgency.Secret),
            "a timestamp 301 s old" => agency.SignEvent(AbuseScene.Hanoi, body, at: now.AddSeconds(-301)),
            "a timestamp 301 s ahead" => agency.SignEvent(AbuseScene.Hanoi, body, at: now.AddSeconds(301)),
            "a webhook-id with a dot" => agency.SignEvent(AbuseScene.Hanoi, body, webhookId: "msg.1"),
            _ => agency.SignEvent(AbuseScene.Hanoi, body),
        };
        var headers = request.Headers;
        var signature = headers.GetValues("webhook-signature").Single();
        switch (tampering)
        {
            case "no webhook headers":
                return Unsigned(request);
            case "no webhook-id" or "no webhook-timestamp" or "no webhook-signature":
                headers.Remove(tampering["no ".Length..]);
                break;
            case "the body changed after signing":
                request.Content = JsonContent.Create(otherBody);
                break;
            case "the signature of another webhook-id":
                Replace(headers, "webhook-id", $"msg_{Guid.NewGuid():N}");
                break;
            case "a signature that is not base64":
                Replace(headers, "webhook-signature", "v1,not*base64*at*all");
                break;
            case "an unknown signature scheme":
                Replace(headers, "webhook-signature", "v2," + signature["v1,".Length..]);
                break;
            case "a timestamp in milliseconds":
                var milliseconds = now.ToUnixTimeMilliseconds();
                var raw = await request.Content!.ReadAsStringAsync();
                Replace(headers, "webhook-timestamp", $"{milliseconds}");
                Replace(headers, "webhook-signature", TestAgency.Sign(agency.Secret, headers.GetValues("webhook-id").Single(), milliseconds, raw));
                break;
            case "a timestamp that is not a number":
                Replace(headers, "webhook-timestamp", "yesterday");
                break;
            case "two webhook-ids":
                headers.Add("webhook-id", $"msg_{Guid.NewGuid():N}");
                break;
        }

        return request;
    }

    private static HttpRequestMessage Unsigned(HttpRequestMessage request)
    {
        foreach (var header in new[] { "webhook-id", "webhook-timestamp", "webhook-signature" })
        {
            request.Headers.Remove(header);
        }

        return request;
    }

    private static void Replace(System.Net.Http.Headers.HttpHeaders headers, string name, string value)
    {
        headers.Remove(name);
        headers.Add(name, value);
    }

    private Task<HttpResponseMessage> CitizenRequestAsync(string endpoint, string id, string? key) => endpoint switch
    {
        "lookup" => Portal.Client.SendAsync(HttpMethod.Get, $"/api/dossiers/{id}", accessKey: key),
        "attachment download" => Portal.Client.SendAsync(HttpMethod.Get, $"/api/dossiers/{id}/attachments/{scene.LicenceAttachmentId}", accessKey: key),
        "rating" => Portal.Client.SendAsync(HttpMethod.Post, $"/api/dossiers/{id}/rating", new { score = 1 }, accessKey: key),
        "withdraw" => Portal.Client.SendAsync(HttpMethod.Post, $"/api/dossiers/{id}/withdraw", accessKey: key),
        "supplement" => Portal.Client.SendAsync(HttpMethod.Post, $"/api/dossiers/{id}/supplements",
            new MultipartFormDataContent { { new ByteArrayContent(Samples.Png()), "portraitPhoto", "anh.png" } }, accessKey: key),
        _ => throw new ArgumentOutOfRangeException(nameof(endpoint)),
    };

    // ---- what comes back ----

    /// <summary>
    /// Status, headers (but the date) and body of an answer, the per-request trace id blanked: what two answers must share to
    /// look alike.
    /// </summary>
    private static async Task<string> AnswerAsync(HttpResponseMessage response) => string.Join('\n',
    [
        $"{(int)response.StatusCode}",
        .. response.Headers.Concat(response.Content.Headers).Where(h => h.Key != "Date").Select(h => $"{h.Key}: {string.Join(", ", h.Value)}").Order(StringComparer.Ordinal),
        TraceId().Replace(await response.Content.ReadAsStringAsync(), "\"traceId\":\"\""),
    ]);

    private async Task<List<SortedDictionary<string, string>>> PartitionsAsync(params string[] ids) =>
        [.. await Task.WhenAll(ids.Select(Portal.PartitionAsync))];

    [GeneratedRegex("\"traceId\":\"[^\"]*\"")]
    private static partial Regex TraceId();
}
