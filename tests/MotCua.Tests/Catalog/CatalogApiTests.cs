using System.Net;
using System.Text.Json;
using MotCua.Tests.Infrastructure;

namespace MotCua.Tests.Catalog;

/// <summary>The catalog endpoints over HTTP, with the real registry, held to the property names of API.md.</summary>
public sealed class CatalogApiTests(Azurite azurite) : IClassFixture<Azurite>
{
    private static readonly string[] SummaryProperties = ["code", "name", "agencyIds", "level", "feeVnd", "processingDays", "fanOut"];

    [Theory]
    [InlineData("doi giay phep lai xe")]
    [InlineData("Đổi giấy phép lái xe")]
    [InlineData("ĐỔI GIẤY PHÉP")]
    public async Task Search_finds_a_procedure_with_or_without_diacritics(string query)
    {
        await using var app = await FunctionApp.StartAsync(azurite);

        using var results = await GetJsonAsync(app, $"/api/procedures?q={Uri.EscapeDataString(query)}", HttpStatusCode.OK);

        Assert.Contains(results.RootElement.EnumerateArray(), p => p.GetProperty("code").GetString() == "doi-giay-phep-lai-xe");
    }

    [Fact]
    public async Task Search_answers_summaries_with_exactly_the_documented_properties()
    {
        await using var app = await FunctionApp.StartAsync(azurite);

        using var results = await GetJsonAsync(app, "/api/procedures", HttpStatusCode.OK);

        Assert.True(results.RootElement.GetArrayLength() >= 14);
        Assert.All(results.RootElement.EnumerateArray(), p => Assert.Equal(SummaryProperties, PropertyNames(p)));
        var licence = results.RootElement.EnumerateArray().Single(p => p.GetProperty("code").GetString() == "doi-giay-phep-lai-xe");
        Assert.Equal("Đổi giấy phép lái xe", licence.GetProperty("name").GetString());
        Assert.Equal("full", licence.GetProperty("level").GetString());
        Assert.Equal(135000, licence.GetProperty("feeVnd").GetInt64());
        Assert.Equal(5, licence.GetProperty("processingDays").GetInt32());
        Assert.False(licence.GetProperty("fanOut").GetBoolean());
        Assert.Equal(["bxd-cucduongbo"], licence.GetProperty("agencyIds").EnumerateArray().Select(a => a.GetString()));
    }

    [Fact]
    public async Task Search_filters_by_agency_and_level()
    {
        await using var app = await FunctionApp.StartAsync(azurite);

        using var byAgency = await GetJsonAsync(app, "/api/procedures?agencyId=soct-hanoi", HttpStatusCode.OK);
        using var byLevel = await GetJsonAsync(app, "/api/procedures?q=khuyen%20mai&level=full", HttpStatusCode.OK);
        using var partial = await GetJsonAsync(app, "/api/procedures?q=khuyen%20mai&level=partial", HttpStatusCode.OK);
        using var unknownAgency = await GetJsonAsync(app, "/api/procedures?agencyId=no-such-agency", HttpStatusCode.OK);

        Assert.Equal(["thong-bao-khuyen-mai"], byAgency.RootElement.EnumerateArray().Select(p => p.GetProperty("code").GetString()));
        Assert.Equal(["dang-ky-khuyen-mai", "thong-bao-khuyen-mai"],
            byLevel.RootElement.EnumerateArray().Select(p => p.GetProperty("code").GetString()));
        Assert.Equal(0, partial.RootElement.GetArrayLength());
        Assert.Equal(0, unknownAgency.RootElement.GetArrayLength());
    }

    [Fact]
    public async Task Get_procedure_answers_the_documented_shape()
    {
        await using var app = await FunctionApp.StartAsync(azurite);

        using var procedure = await GetJsonAsync(app, "/api/procedures/cap-dien-moi-ha-ap", HttpStatusCode.OK);

        var root = procedure.RootElement;
        Assert.Equal(["code", "name", "description", "agencyIds", "level", "feeVnd", "processingDays", "fanOut", "fields", "documents"],
            PropertyNames(root));
        Assert.Equal("Cấp điện mới từ lưới điện hạ áp", root.GetProperty("name").GetString());
        var fields = root.GetProperty("fields").EnumerateArray().ToDictionary(f => f.GetProperty("key").GetString()!);
        Assert.Equal(["key", "label", "type", "required"], PropertyNames(fields["installationAddress"]));
        Assert.Equal(["key", "label", "type", "required", "options"], PropertyNames(fields["purpose"]));
        Assert.Equal("select", fields["purpose"].GetProperty("type").GetString());
        Assert.Equal("province", fields["province"].GetProperty("type").GetString());
        Assert.Equal(34, fields["province"].GetProperty("options").GetArrayLength());
        Assert.Equal("number", fields["requestedCapacityKw"].GetProperty("type").GetString());
        Assert.All(root.GetProperty("documents").EnumerateArray(),
            d => Assert.Equal(["key", "label", "required", "accept"], PropertyNames(d)));
    }

    [Fact]
    public async Task Get_procedure_includes_a_field_pattern_when_there_is_one()
    {
        await using var app = await FunctionApp.StartAsync(azurite);

        using var procedure = await GetJsonAsync(app, "/api/procedures/doi-giay-phep-lai-xe", HttpStatusCode.OK);

        var licenceNumber = procedure.RootElement.GetProperty("fields").EnumerateArray().First();
        Assert.Equal(["key", "label", "type", "required", "pattern"], PropertyNames(licenceNumber));
        Assert.Equal("^[0-9]{12}$", licenceNumber.GetProperty("pattern").GetString());
    }

    [Fact]
    public async Task Agencies_list_the_provincial_departments_with_their_province_and_omit_it_elsewhere()
    {
        await using var app = await FunctionApp.StartAsync(azurite);

        using var agencies = await GetJsonAsync(app, "/api/agencies", HttpStatusCode.OK);

        var all = agencies.RootElement.EnumerateArray().ToDictionary(a => a.GetProperty("id").GetString()!);
        Assert.Equal(["id", "name", "provinceCode"], PropertyNames(all["soct-hanoi"]));
        Assert.Equal("01", all["soct-hanoi"].GetProperty("provinceCode").GetString());
        Assert.Equal("Sở Công Thương thành phố Hà Nội", all["soct-hanoi"].GetProperty("name").GetString());
        Assert.Equal(["id", "name"], PropertyNames(all["bct"]));
        Assert.Equal(34, all.Values.Count(a => a.TryGetProperty("provinceCode", out _)));
    }

    [Theory]
    [InlineData("/api/procedures/khong-co-thu-tuc-nay")]
    [InlineData("/api/procedures/DOI-GIAY-PHEP-LAI-XE")]
    [InlineData("/api/procedures/%C4%90%E1%BB%95i")]
    public async Task Unknown_procedure_is_a_404_problem_in_Vietnamese(string path)
    {
        await using var app = await FunctionApp.StartAsync(azurite);

        using var problem = await GetJsonAsync(app, path, HttpStatusCode.NotFound, "application/problem+json");

        Assert.Equal(404, problem.RootElement.GetProperty("status").GetInt32());
        Assert.False(string.IsNullOrEmpty(problem.RootElement.GetProperty("type").GetString()));
        Assert.False(string.IsNullOrEmpty(problem.RootElement.GetProperty("title").GetString()));
        Assert.Equal("Không tìm thấy thủ tục hành chính có mã này.", problem.RootElement.GetProperty("detail").GetString());
    }

    [Theory]
    [InlineData("level=3", "level")]
    [InlineData("level=FULL", "level")]
    [InlineData("q=doi%09giay", "q")]
    [InlineData("q=doi%00", "q")]
    [InlineData("q=%EF%BF%BE", "q")]
    public async Task Bad_search_parameters_are_a_400_validation_problem_naming_the_parameter(string query, string parameter)
    {
        await using var app = await FunctionApp.StartAsync(azurite);

        using var problem = await GetJsonAsync(app, $"/api/procedures?{query}", HttpStatusCode.BadRequest, "application/problem+json");

        AssertValidationProblem(problem, parameter);
    }

    [Fact]
    public async Task A_query_longer_than_200_characters_once_composed_is_refused()
    {
        await using var app = await FunctionApp.StartAsync(azurite);
        // 100 "ể" are 300 code units decomposed but 100 composed: the limit applies to the NFC text.
        var decomposed = string.Concat(Enumerable.Repeat("e\u0302\u0309", 100));

        using var accepted = await GetJsonAsync(app, $"/api/procedures?q={Uri.EscapeDataString(decomposed)}", HttpStatusCode.OK);
        using var refused = await GetJsonAsync(app, $"/api/procedures?q={new string('a', 201)}", HttpStatusCode.BadRequest, "application/problem+json");

        Assert.Equal(0, accepted.RootElement.GetArrayLength());
        AssertValidationProblem(refused, "q");
    }

    private static void AssertValidationProblem(JsonDocument problem, string parameter)
    {
        Assert.Equal(400, problem.RootElement.GetProperty("status").GetInt32());
        Assert.Equal("Tham số tìm kiếm thủ tục không hợp lệ.", problem.RootElement.GetProperty("detail").GetString());
        var errors = problem.RootElement.GetProperty("errors");
        Assert.Equal([parameter], PropertyNames(errors));
        Assert.NotEmpty(errors.GetProperty(parameter)[0].GetString()!);
    }

    private static async Task<JsonDocument> GetJsonAsync(FunctionApp app, string path, HttpStatusCode status, string mediaType = "application/json")
    {
        using var response = await app.Client.GetAsync(new Uri(path, UriKind.Relative));

        Assert.Equal(status, response.StatusCode);
        Assert.Equal(mediaType, response.Content.Headers.ContentType?.MediaType);
        return JsonDocument.Parse(await response.Content.ReadAsStringAsync());
    }

    private static string[] PropertyNames(JsonElement element) => [.. element.EnumerateObject().Select(p => p.Name)];
}
