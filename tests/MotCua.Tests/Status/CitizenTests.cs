using System.Net;
using System.Text.Json.Nodes;
using Microsoft.Extensions.DependencyInjection;
using MotCua.Tests.Infrastructure;
using MotCua.Tests.Reporting;
using MotCua.Tests.Submission;

namespace MotCua.Tests.Status;

public sealed class CitizenTests(Azurite azurite) : IClassFixture<Azurite>
{
    private const string Agency = "bxd-cucduongbo";

    private static object Status(string dossierId, string status) =>
        new { type = "dossier.status_changed", timestamp = DateTimeOffset.UtcNow, data = new { dossierId, status } };

    private static Task<HttpResponseMessage> WithdrawAsync(Portal portal, Submitted submitted) =>
        portal.Client.SendAsync(HttpMethod.Post, $"/api/dossiers/{submitted.Id}/withdraw", accessKey: submitted.AccessKey);

    /// <summary>A promotion notice for all 34 provincial departments, forwarded to each: the widest fan-out in the catalog.</summary>
    private static Task<Submitted> SubmitNoticeToAllDepartmentsAsync(Portal portal, TestAgency agency) =>
        portal.SubmitForwardedAsync(agency, ForwardDossierTests.Provinces, p => p.SubmitMultipartAsync(Samples.Promotion(ForwardDossierTests.Provinces),
            [("noticeForm", "thong-bao.pdf", Samples.Pdf("Thong bao khuyen mai"))]));

    [Fact]
    public async Task A_wrong_or_missing_key_looks_exactly_like_an_unknown_dossier()
    {
        await using var portal = await Portal.StartAsync(azurite);
        var submitted = await portal.SubmitJsonAsync(Samples.ElectricityPayment());

        var answers = new[]
        {
            await portal.GetDossierAsync(submitted.Id, "wrong-key-wrong-key-wrong"),
            await portal.GetDossierAsync(submitted.Id, null),
            await portal.GetDossierAsync("HS-ABCDEFGHJKMN", submitted.AccessKey),
            await portal.GetDossierAsync("HS-%27%20OR%201%3D1--", submitted.AccessKey),
        };

        Assert.All(answers, a => Assert.Equal(HttpStatusCode.NotFound, a.Response.StatusCode));
        // Identical but for the per-request trace id.
        Assert.Single(answers.Select(a => { a.Body!.AsObject().Remove("traceId"); return a.Body.ToJsonString(); }).Distinct());
    }

    [Fact]
    public async Task The_lookup_masks_the_identity_number_and_lists_attachments_that_can_be_downloaded()
    {
        await using var portal = await Portal.StartAsync(azurite);
        var files = Samples.LicenceFiles();
        var submitted = await portal.SubmitMultipartAsync(Samples.Licence(), files);

        var (response, view) = await portal.GetDossierAsync(submitted.Id, submitted.AccessKey);

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Equal("0010******45", view!["applicant"]!["idNumberMasked"]!.GetValue<string>());
        Assert.DoesNotContain("001090012345", view.ToJsonString());
        Assert.Equal("Đổi giấy phép lái xe", view["procedureName"]!.GetValue<string>());
        Assert.Equal(3, view["attachments"]!.AsArray().Count);
        var photo = view["attachments"]!.AsArray().Single(a => a!["contentType"]!.GetValue<string>() == "image/jpeg")!;
        var path = $"/api/dossiers/{submitted.Id}/attachments/{photo["id"]!.GetValue<string>()}";
        using var file = await portal.Client.SendAsync(HttpMethod.Get, path, accessKey: submitted.AccessKey);
        Assert.Equal(files[2].Item3, await file.Content.ReadAsByteArrayAsync());
        using var guessed = await portal.Client.SendAsync(HttpMethod.Get, path, accessKey: "guess");
        Assert.Equal(HttpStatusCode.NotFound, guessed.StatusCode);
    }

    [Fact]
    public async Task A_supplement_answers_the_request_and_is_forwarded_again_before_processing_resumes()
    {
        await using var agency = await TestAgency.StartAsync();
        await using var portal = await Portal.StartAsync(azurite);
        var submitted = await portal.SubmitForwardedAsync(agency, Agency, p => p.SubmitMultipartAsync(Samples.Licence(), Samples.LicenceFiles()));
        await agency.SendEventAsync(portal.Client, Agency, Status(submitted.Id, "accepted"));
        await agency.SendEventAsync(portal.Client, Agency, Status(submitted.Id, "supplement_requested"));

        var tooEarly = await agency.SendEventAsync(portal.Client, Agency, Status(submitted.Id, "processing"));
        var supplement = await portal.SubmitMultipartAsync(new { note = "Bổ sung ảnh rõ nét hơn" }, [("portraitPhoto", "anh-moi.png", Samples.Png())],
            $"/api/dossiers/{submitted.Id}/supplements", submitted.AccessKey);
        var webhook = await agency.WaitForAsync(w => w.Type == "dossier.supplemented" && w.Data["dossierId"]!.GetValue<string>() == submitted.Id);
        var resumed = await agency.SendEventAsync(portal.Client, Agency, Status(submitted.Id, "processing"));

        Assert.Equal(HttpStatusCode.Conflict, tooEarly.StatusCode);
        Assert.Equal(HttpStatusCode.OK, supplement.Response.StatusCode);
        Assert.True(webhook.SignatureValid);
        Assert.Equal("anh-moi.png", Assert.Single(webhook.Data["attachments"]!.AsArray())!["fileName"]!.GetValue<string>());
        Assert.Equal("Bổ sung ảnh rõ nét hơn", webhook.Data["note"]!.GetValue<string>());
        Assert.Equal(HttpStatusCode.OK, resumed.StatusCode);
        var (_, view) = await portal.GetDossierAsync(submitted.Id, submitted.AccessKey);
        Assert.Equal(4, view!["attachments"]!.AsArray().Count);
    }

    [Fact]
    public async Task Each_change_shows_in_the_very_next_lookup_and_an_unchanged_dossier_costs_one_point_read()
    {
        await using var agency = await TestAgency.StartAsync();
        var requests = new StorageRequestLog();
        await using var portal = await Portal.StartAsync(azurite, configure: b => b.Services.AddSingleton(requests.Client(azurite.ConnectionString)));
        var submitted = await portal.SubmitForwardedAsync(agency, Agency, p => p.SubmitMultipartAsync(Samples.Licence(), Samples.LicenceFiles()));
        async Task<JsonNode> LookUpAsync()
        {
            var (response, view) = await portal.GetDossierAsync(submitted.Id, submitted.AccessKey);
            Assert.Equal(HttpStatusCode.OK, response.StatusCode);
            return view!;
        }

        async Task<JsonNode> AfterAsync(object change)
        {
            await agency.ApplyAsync(portal.Client, Agency, change);
            return await LookUpAsync();
        }

        // The e-mails under way (the receipt, the fee) are sent first: their sender reads and writes the partition, and no view is
        // kept while one is pending.
        await portal.WaitForDossierAsync(submitted.Id, submitted.AccessKey,
            v => v["notifications"]!.AsArray().All(n => n!["status"]!.GetValue<string>() != "pending"));
        await LookUpAsync();
        var before = requests.Requests.Count();
        var unchanged = await LookUpAsync();
        var cost = requests.Requests.Skip(before).Select(r => Uri.UnescapeDataString(r.AbsoluteUri)).Where(r => r.Contains(submitted.Id)).ToList();
        Assert.Contains($"/Dossiers(PartitionKey='{submitted.Id}',RowKey='dossier')", Assert.Single(cost), StringComparison.Ordinal);

        Assert.Equal("forwarded", unchanged["status"]!.GetValue<string>());
        Assert.Equal("accepted", (await AfterAsync(Status(submitted.Id, "accepted")))["status"]!.GetValue<string>());
        Assert.Equal("supplement_requested", (await AfterAsync(Status(submitted.Id, "supplement_requested")))["status"]!.GetValue<string>());
        var supplement = await portal.SubmitMultipartAsync(null, [("portraitPhoto", "anh-moi.png", Samples.Png())],
            $"/api/dossiers/{submitted.Id}/supplements", submitted.AccessKey);
        Assert.Equal(HttpStatusCode.OK, supplement.Response.StatusCode);
        Assert.Equal(4, (await LookUpAsync())["attachments"]!.AsArray().Count);
        Assert.Equal("processing", (await AfterAsync(Status(submitted.Id, "processing")))["status"]!.GetValue<string>());
        var approved = await AfterAsync(OpsReportingTests.ResultIssued(submitted.Id, DateTimeOffset.UtcNow));
        Assert.Equal("approved", approved["status"]!.GetValue<string>());
        Assert.Single(approved["results"]!.AsArray());
        using var rating = await portal.Client.SendAsync(HttpMethod.Post, $"/api/dossiers/{submitted.Id}/rating", new { score = 5 }, accessKey: submitted.AccessKey);
        Assert.Equal(HttpStatusCode.Created, rating.StatusCode);
        Assert.Equal(5, (await LookUpAsync())["rating"]!["score"]!.GetValue<int>());
    }

    [Fact]
    public async Task Withdrawing_shows_in_the_very_next_lookup()
    {
        await using var portal = await Portal.StartAsync(azurite);
        var submitted = await portal.SubmitJsonAsync(Samples.ElectricityPayment());
        await portal.GetDossierAsync(submitted.Id, submitted.AccessKey);

        using var response = await WithdrawAsync(portal, submitted);
        var (_, view) = await portal.GetDossierAsync(submitted.Id, submitted.AccessKey);

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Equal("withdrawn", view!["status"]!.GetValue<string>());
    }

    [Fact]
    public async Task A_supplement_nobody_asked_for_is_a_409()
    {
        await using var portal = await Portal.StartAsync(azurite);
        var submitted = await portal.SubmitMultipartAsync(Samples.Licence(), Samples.LicenceFiles());

        var supplement = await portal.SubmitMultipartAsync(null, [("portraitPhoto", "anh.png", Samples.Png())],
            $"/api/dossiers/{submitted.Id}/supplements", submitted.AccessKey);

        Assert.Equal(HttpStatusCode.Conflict, supplement.Response.StatusCode);
    }

    [Fact]
    public async Task Withdrawing_tells_the_agency_and_then_no_agency_change_applies()
    {
        await using var agency = await TestAgency.StartAsync();
        await using var portal = await Portal.StartAsync(azurite);
        var submitted = await portal.SubmitForwardedAsync(agency, Agency, p => p.SubmitMultipartAsync(Samples.Licence(), Samples.LicenceFiles()));

        using var response = await WithdrawAsync(portal, submitted);
        var webhook = await agency.WaitForAsync(w => w.Type == "dossier.withdrawn" && w.Data["dossierId"]!.GetValue<string>() == submitted.Id);
        var late = await agency.SendEventAsync(portal.Client, Agency, Status(submitted.Id, "accepted"));

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.True(webhook.SignatureValid);
        Assert.Equal(HttpStatusCode.Conflict, late.StatusCode);
        var (_, view) = await portal.GetDossierAsync(submitted.Id, submitted.AccessKey);
        Assert.Equal("withdrawn", view!["status"]!.GetValue<string>());
    }

    [Fact]
    public async Task A_notice_forwarded_to_all_34_departments_is_withdrawn_in_one_step_and_each_department_is_told()
    {
        await using var agency = await TestAgency.StartAsync();
        await using var portal = await Portal.StartAsync(azurite);
        var submitted = await SubmitNoticeToAllDepartmentsAsync(portal, agency);

        using var response = await WithdrawAsync(portal, submitted);
        var (_, view) = await portal.GetDossierAsync(submitted.Id, submitted.AccessKey);

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.All(view!["deliveries"]!.AsArray(), d => Assert.Equal("withdrawn", d!["status"]!.GetValue<string>()));
        Assert.Single(view["history"]!.AsArray(), h => h!["status"]!.GetValue<string>() == "withdrawn");
        await Poll.UntilAsync(() => agency.Received.Count(w => w.Type == "dossier.withdrawn" && w.Data["dossierId"]!.GetValue<string>() == submitted.Id) == 34,
            TimeSpan.FromSeconds(30), () => "not every department was told");
    }

    [Fact]
    public async Task A_supplement_all_34_departments_asked_for_is_one_step_and_reaches_each_of_them()
    {
        await using var agency = await TestAgency.StartAsync();
        await using var portal = await Portal.StartAsync(azurite);
        var submitted = await SubmitNoticeToAllDepartmentsAsync(portal, agency);
        foreach (var step in new[] { "accepted", "supplement_requested" })
        {
            // All at once: each department moves its own delivery, so none waits on another.
            var answers = await Task.WhenAll(ForwardDossierTests.Provinces.Select(id => agency.SendEventAsync(portal.Client, id, Status(submitted.Id, step))));
            Assert.All(answers, answer => Assert.Equal(HttpStatusCode.OK, answer.StatusCode));
            Array.ForEach(answers, answer => answer.Dispose());
        }

        var supplement = await portal.SubmitMultipartAsync(null, [("noticeForm", "thong-bao-sua.pdf", Samples.Pdf("Thong bao da sua"))],
            $"/api/dossiers/{submitted.Id}/supplements", submitted.AccessKey);
        var (_, view) = await portal.GetDossierAsync(submitted.Id, submitted.AccessKey);

        Assert.Equal(HttpStatusCode.OK, supplement.Response.StatusCode);
        Assert.Single(view!["history"]!.AsArray(), h => h!["note"]?.GetValue<string>() == "Công dân đã nộp hồ sơ bổ sung.");
        Assert.Equal(2, view["attachments"]!.AsArray().Count);
        await Poll.UntilAsync(() => agency.Received.Count(w => w.Type == "dossier.supplemented" && w.Data["dossierId"]!.GetValue<string>() == submitted.Id) == 34,
            TimeSpan.FromSeconds(30), () => "not every department got the supplement");
    }

    [Fact]
    public async Task A_dossier_with_a_result_cannot_be_withdrawn()
    {
        await using var agency = await TestAgency.StartAsync();
        await using var portal = await Portal.StartAsync(azurite);
        var submitted = await portal.SubmitForwardedAsync(agency, "evn-hanoi", p => p.SubmitJsonAsync(Samples.ElectricityPayment()));
        await agency.SendEventAsync(portal.Client, "evn-hanoi", Status(submitted.Id, "rejected"));

        using var response = await WithdrawAsync(portal, submitted);

        Assert.Equal(HttpStatusCode.Conflict, response.StatusCode);
    }
}
