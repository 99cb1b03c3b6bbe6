using System.Net;
using System.Net.Http.Json;
using System.Text.Json.Nodes;
using Azure.Data.Tables;
using MotCua.Tests.Infrastructure;

namespace MotCua.Tests.Feedback;

public sealed class FeedbackTests(Azurite azurite) : IClassFixture<Azurite>
{
    private static async Task<(HttpResponseMessage Response, JsonNode? Body)> PostAsync(Portal portal, object body)
    {
        var response = await portal.Client.PostAsJsonAsync(new Uri("/api/feedback", UriKind.Relative), body);
        var text = await response.Content.ReadAsStringAsync();
        return (response, text.Length > 0 ? JsonNode.Parse(text) : null);
    }

    private static object Answer(string feedbackId, string answer = "Cục Đường bộ đã chấn chỉnh điểm tiếp nhận; bản điện tử được chấp nhận.") =>
        new { type = "feedback.answered", timestamp = DateTimeOffset.UtcNow, data = new { feedbackId, answer } };

    private static async Task<JsonNode> GetAsync(Portal portal, string id, string key)
    {
        using var response = await portal.Client.SendAsync(HttpMethod.Get, $"/api/feedback/{id}", accessKey: key);
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        return JsonNode.Parse(await response.Content.ReadAsStringAsync())!;
    }

    [Theory]
    [InlineData("Thủ tục này quá rườm rà và chậm.", "ít nhất 10 từ")]
    [InlineData("Thu tuc doi giay phep lai xe yeu cau nop ban sao cong chung du da co ban dien tu tren cong.", "có dấu")]
    [InlineData("Thủ tục đổi giấy phép lái xe rườm rà, xem chi tiết tại https://example.com/bai-viet để biết thêm.", "đường dẫn")]
    [InlineData("Thủ tục đổi giấy phép lái xe rườm rà, xem thêm tại trang tintuc.vn để biết thêm nhiều chi tiết.", "đường dẫn")]
    public async Task Content_that_breaks_a_rule_is_refused_with_the_rule_named(string content, string rule)
    {
        await using var portal = await Portal.StartAsync(azurite);

        var (response, body) = await PostAsync(portal, Samples.Feedback(content));

        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        Assert.Contains(rule, body!["errors"]!["content"]![0]!.GetValue<string>());
    }

    [Theory]
    [InlineData("complaint", "category")]
    [InlineData("regulation", "procedureCode")]
    public async Task A_wrong_category_or_an_unknown_procedure_is_a_400(string category, string field)
    {
        await using var portal = await Portal.StartAsync(azurite);

        var (response, body) = await PostAsync(portal, Samples.Feedback(category: category, procedureCode: field == "procedureCode" ? "khong-co" : null));

        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        Assert.Contains(field, body!["errors"]!.AsObject().Select(e => e.Key));
    }

    [Fact]
    public async Task Feedback_is_routed_forwarded_answered_and_published_without_personal_data()
    {
        await using var agency = await TestAgency.StartAsync();
        await using var portal = await Portal.StartAsync(azurite);
        await portal.RegisterAsync(agency, "bxd-cucduongbo");

        var (response, receipt) = await PostAsync(portal, Samples.Feedback());
        var id = receipt!["id"]!.GetValue<string>();
        var key = receipt["accessKey"]!.GetValue<string>();
        var webhook = await agency.WaitForAsync(w => w.Type == "feedback.received" && w.Data["feedbackId"]?.GetValue<string>() == id);
        var answered = await agency.SendEventAsync(portal.Client, "bxd-cucduongbo", Answer(id));
        var view = await GetAsync(portal, id, key);
        using var published = await portal.Client.GetAsync(new Uri("/api/feedback/published", UriKind.Relative));
        var page = JsonNode.Parse(await published.Content.ReadAsStringAsync())!;

        Assert.Equal(HttpStatusCode.Created, response.StatusCode);
        Assert.Matches("^PA-[0-9A-Z]{12}$", id);
        Assert.Equal("bxd-cucduongbo", receipt["agencyId"]!.GetValue<string>());
        Assert.True(webhook.SignatureValid);
        Assert.Equal("Trần Thị Bình", webhook.Data["contact"]!["fullName"]!.GetValue<string>());
        Assert.Equal(HttpStatusCode.OK, answered.StatusCode);
        Assert.Equal("answered", view["status"]!.GetValue<string>());
        Assert.Equal("Đã trả lời", view["statusLabel"]!.GetValue<string>());
        Assert.StartsWith("Cục Đường bộ đã chấn chỉnh", view["answer"]!.GetValue<string>());
        Assert.Equal("Cục Đường bộ Việt Nam (Bộ Xây dựng)", view["agencyName"]!.GetValue<string>());
        Assert.Equal(["received", "forwarded", "answered"], view["history"]!.AsArray().Select(h => h!["status"]!.GetValue<string>()));
        var item = page["items"]!.AsArray().Single(i => i!["id"]!.GetValue<string>() == id)!;
        Assert.Equal("Yêu cầu giấy tờ không cần thiết", item["title"]!.GetValue<string>());
        Assert.Equal("Cục Đường bộ Việt Nam (Bộ Xây dựng)", item["agencyName"]!.GetValue<string>());
        Assert.DoesNotContain("Bình", page.ToJsonString());
        Assert.DoesNotContain("0987654321", page.ToJsonString());
        Assert.DoesNotContain("binh@example.vn", page.ToJsonString());
    }

    [Fact]
    public async Task Feedback_without_consent_is_never_published()
    {
        await using var agency = await TestAgency.StartAsync();
        await using var portal = await Portal.StartAsync(azurite);
        await portal.RegisterAsync(agency, "vpcp");

        var (_, receipt) = await PostAsync(portal, Samples.Feedback(category: "regulation", procedureCode: null, consent: false));
        var id = receipt!["id"]!.GetValue<string>();
        await agency.WaitForAsync(w => w.Data["feedbackId"]?.GetValue<string>() == id);
        await agency.SendEventAsync(portal.Client, "vpcp", Answer(id));

        Assert.Equal("vpcp", receipt["agencyId"]!.GetValue<string>());
        var published = await portal.Tables.GetTableClient("PublishedFeedback")
            .QueryAsync<TableEntity>(e => e.PartitionKey == "published").ToListAsync();
        Assert.DoesNotContain(published, p => p.GetString("FeedbackId") == id);
    }

    [Fact]
    public async Task Only_the_agency_feedback_was_routed_to_may_answer_it_and_a_replay_changes_nothing()
    {
        await using var agency = await TestAgency.StartAsync();
        await using var other = await TestAgency.StartAsync();
        await using var portal = await Portal.StartAsync(azurite);
        await portal.RegisterAsync(agency, "bhxh");
        await portal.RegisterAsync(other, "bct");

        var (_, receipt) = await PostAsync(portal, Samples.Feedback(category: "conduct", procedureCode: null, agencyId: "bhxh"));
        var id = receipt!["id"]!.GetValue<string>();
        await agency.WaitForAsync(w => w.Data["feedbackId"]?.GetValue<string>() == id);
        var intruder = await other.SendEventAsync(portal.Client, "bct", Answer(id, "Trả lời giả mạo từ cơ quan khác."));
        var webhookId = $"msg_{Guid.NewGuid():N}";
        var first = await agency.SendEventAsync(portal.Client, "bhxh", Answer(id), webhookId);
        var replay = await agency.SendEventAsync(portal.Client, "bhxh", Answer(id, "Một câu trả lời khác."), webhookId);
        var second = await agency.SendEventAsync(portal.Client, "bhxh", Answer(id, "Một câu trả lời khác."));

        Assert.Equal(HttpStatusCode.NotFound, intruder.StatusCode);
        Assert.Equal(HttpStatusCode.OK, first.StatusCode);
        Assert.Equal(HttpStatusCode.OK, replay.StatusCode);
        Assert.Equal(HttpStatusCode.Conflict, second.StatusCode);
        var view = await GetAsync(portal, id, receipt["accessKey"]!.GetValue<string>());
        Assert.StartsWith("Cục Đường bộ đã chấn chỉnh", view["answer"]!.GetValue<string>());
    }

    [Fact]
    public async Task A_wrong_access_key_looks_like_unknown_feedback()
    {
        await using var portal = await Portal.StartAsync(azurite);
        var (_, receipt) = await PostAsync(portal, Samples.Feedback());

        using var response = await portal.Client.SendAsync(HttpMethod.Get, $"/api/feedback/{receipt!["id"]!.GetValue<string>()}",
            accessKey: "WRONGKEYWRONGKEYWRONGKEYWRONGKEY");

        Assert.Equal(HttpStatusCode.NotFound, response.StatusCode);
    }

    [Fact]
    public async Task An_image_attachment_is_kept_and_an_executable_is_refused_with_415()
    {
        await using var portal = await Portal.StartAsync(azurite);

        var submitted = await portal.SubmitMultipartAsync(Samples.Feedback(), [("attachment", "bang-chung.pdf", Samples.Executable())], "/api/feedback",
            jsonPart: "feedback");
        var photo = await portal.SubmitMultipartAsync(Samples.Feedback(), [("attachment", "anh-chup.png", Samples.Png())], "/api/feedback", jsonPart: "feedback");

        Assert.Equal(HttpStatusCode.UnsupportedMediaType, submitted.Response.StatusCode);
        Assert.Equal(HttpStatusCode.Created, photo.Response.StatusCode);
        Assert.Single(await portal.RowsAsync(photo.Id, "attachment|"));
    }

    [Fact]
    public async Task Feedback_counters_are_kept_for_ops_to_read_without_scanning()
    {
        // A counter counts the whole account: an account of this test's own, so the count is this test's alone.
        await using var storage = await Azurite.StartNewAsync();
        await using var portal = await Portal.StartAsync(storage);

        await PostAsync(portal, Samples.Feedback());
        await PostAsync(portal, Samples.Feedback());

        Assert.Equal(2, await TotalAsync(portal, "feedback.received"));
    }

    internal static async Task<long> TotalAsync(Portal portal, string counter)
    {
        long total = 0;
        await foreach (var row in portal.Tables.GetTableClient("Counters").QueryAsync<TableEntity>(e => e.PartitionKey == "total"))
        {
            if (row.RowKey.StartsWith(counter + "|", StringComparison.Ordinal))
            {
                total += row.GetInt64("Value") ?? 0;
            }
        }

        return total;
    }
}
