using MotCua.Catalog;

namespace MotCua.Tests.Catalog;

/// <summary>Search, lookup and routing over the real seed, and the checks that stop a broken seed at startup.</summary>
public sealed class ProcedureCatalogTests
{
    private static readonly ProcedureCatalog Seed = ProcedureCatalog.LoadEmbedded();

    [Theory]
    [InlineData("doi giay phep lai xe")]
    [InlineData("Đổi giấy phép lái xe")]
    [InlineData("ĐỔI GIẤY PHÉP LÁI XE")]
    [InlineData("lai xe DOI")]
    [InlineData("  đổi   giay  ")]
    [InlineData("doi-giay-phep-lai-xe")]
    public void Search_finds_a_procedure_with_or_without_diacritics_in_any_case_and_word_order(string query) =>
        Assert.Contains("doi-giay-phep-lai-xe", Seed.Search(query).Select(p => p.Code));

    [Fact]
    public void Search_needs_every_word()
    {
        var licences = Seed.Search("giay phep lai xe").Select(p => p.Code).ToList();

        Assert.Equal(["cap-giay-phep-lai-xe-quoc-te", "doi-giay-phep-lai-xe"], licences);
        Assert.Equal(["cap-giay-phep-lai-xe-quoc-te"], Seed.Search("giay phep lai xe quoc te").Select(p => p.Code));
        Assert.Empty(Seed.Search("giay phep lai tau"));
    }

    [Fact]
    public void Search_matches_d_bar_only_as_d()
    {
        var electricity = Seed.Search("đien").Select(p => p.Code).ToList();

        Assert.Contains("cap-dien-moi-ha-ap", electricity);
        Assert.Equal(electricity, Seed.Search("dien").Select(p => p.Code));
    }

    [Fact]
    public void Search_without_a_query_lists_every_procedure_ordered_by_Vietnamese_name()
    {
        var all = Seed.Search(null);

        Assert.Equal(Seed.Procedures, all);
        var names = all.Select(p => p.Name).ToList();
        // Vietnamese collation puts Đ between D and E; ordinal order would put it after every ASCII letter.
        Assert.True(names.IndexOf("Cấp lại thẻ BHYT do hỏng, mất") < names.IndexOf("Đăng ký hoạt động khuyến mại"));
        Assert.True(names.IndexOf("Đổi giấy phép lái xe") < names.IndexOf("Nộp thuế điện tử"));
        Assert.True(names.IndexOf("Cấp giấy phép lái xe quốc tế") < names.IndexOf("Cấp lại thẻ BHYT do hỏng, mất"));
    }

    [Fact]
    public void Search_filters_by_agency_and_level_together_with_the_query()
    {
        var evnHanoi = Seed.Search(null, agencyId: "evn-hanoi");

        Assert.Equal(["cap-dien-moi-ha-ap", "cap-dien-moi-trung-ap", "thanh-toan-tien-dien"], evnHanoi.Select(p => p.Code).Order(StringComparer.Ordinal));
        Assert.Equal(["cap-dien-moi-ha-ap"], Seed.Search("ha ap", agencyId: "evn-hanoi").Select(p => p.Code));
        Assert.Empty(Seed.Search(null, agencyId: "no-such-agency"));
        Assert.All(Seed.Search(null, level: ServiceLevel.Full), p => Assert.Equal(ServiceLevel.Full, p.Level));
        Assert.Empty(Seed.Search("giay phep lai xe", level: ServiceLevel.Partial));
    }

    [Fact]
    public void FindProcedure_is_exact_on_code()
    {
        Assert.Equal("Đổi giấy phép lái xe", Seed.FindProcedure("doi-giay-phep-lai-xe")?.Name);
        Assert.Null(Seed.FindProcedure("DOI-GIAY-PHEP-LAI-XE"));
        Assert.Null(Seed.FindProcedure("doi giay phep lai xe"));
    }

    [Fact]
    public void Province_fields_offer_the_34_provinces_by_name()
    {
        var province = Seed.FindProcedure("cap-dien-moi-ha-ap")!.Fields.Single(f => f.Type == FieldType.Province);

        Assert.Equal(Seed.Provinces.Select(p => p.Name), province.Options);
        Assert.Equal(34, province.Options!.Count);
    }

    [Theory]
    [InlineData("Hà Nội", "evn-hanoi")]
    [InlineData("Hồ Chí Minh", "evn-hcmc")]
    [InlineData("Hải Phòng", "evn-npc")]
    [InlineData("Đà Nẵng", "evn-cpc")]
    [InlineData("Cần Thơ", "evn-spc")]
    public void ResponsibleAgency_routes_electricity_to_the_corporation_serving_the_province(string province, string agencyId) =>
        Assert.Equal(agencyId, Seed.ResponsibleAgency(Seed.FindProcedure("cap-dien-moi-ha-ap")!, province)?.Id);

    [Fact]
    public void ResponsibleAgency_is_the_only_agency_or_none_when_the_applicant_picks_or_the_province_is_unknown()
    {
        Assert.Equal("bxd-cucduongbo", Seed.ResponsibleAgency(Seed.FindProcedure("doi-giay-phep-lai-xe")!, province: null)?.Id);
        Assert.Null(Seed.ResponsibleAgency(Seed.FindProcedure("thong-bao-khuyen-mai")!, "Hà Nội"));
        Assert.Null(Seed.ResponsibleAgency(Seed.FindProcedure("cap-dien-moi-ha-ap")!, "Hà Tây"));
        Assert.Null(Seed.ResponsibleAgency(Seed.FindProcedure("cap-dien-moi-ha-ap")!, province: null));
    }

    [Fact]
    public void ServiceLevels_parse_the_wire_names_only()
    {
        Assert.Equal(ServiceLevel.Partial, ServiceLevels.Parse("partial"));
        Assert.Equal(ServiceLevel.Full, ServiceLevels.Parse("full"));
        Assert.Null(ServiceLevels.Parse("Full"));
        Assert.Null(ServiceLevels.Parse("3"));
    }

    [Fact]
    public void Create_accepts_a_minimal_valid_catalog() =>
        Assert.Single(ProcedureCatalog.Create(Provinces, [Agency("a"), Agency("b")], [Procedure("p")]).Procedures);

    // Keyed by case name: theory parameters must be public types, the catalog's are internal.
    private static readonly Dictionary<string, (string Problem, Agency[] Agencies, Procedure[] Procedures)> BrokenSeeds = new()
    {
        ["duplicate code"] = ("Duplicate procedure code 'p'", [Agency("a")], [Procedure("p"), Procedure("p")]),
        ["duplicate agency"] = ("Duplicate agency id 'a'", [Agency("a"), Agency("a")], [Procedure("p")]),
        ["dangling agency"] = ("refers to unknown agency 'zz'", [Agency("a")], [Procedure("p") with { AgencyIds = ["zz"] }]),
        ["dangling province"] = ("refers to unknown province '99'", [Agency("a") with { ProvinceCode = "99" }], [Procedure("p")]),
        ["code not URL-safe"] = ("not a lowercase slug", [Agency("a")], [Procedure("Bad Code")]),
        ["select without options"] = ("a select needs options", [Agency("a")], [Procedure("p", Field("kind", FieldType.Select))]),
        ["province with its own options"] = ("only a select lists options", [Agency("a")],
            [Procedure("p", Field("province", FieldType.Province) with { Options = ["X"] })]),
        ["broken pattern"] = ("not an anchored regular expression", [Agency("a")],
            [Procedure("p", Field("n", FieldType.Text) with { Pattern = "^[0-9$" })]),
        ["unanchored pattern"] = ("not an anchored regular expression", [Agency("a")],
            [Procedure("p", Field("n", FieldType.Text) with { Pattern = "[0-9]+" })]),
        ["pattern on a number"] = ("only a text field has a pattern", [Agency("a")],
            [Procedure("p", Field("n", FieldType.Number) with { Pattern = "^1$" })]),
        ["key not camelCase ASCII"] = ("not camelCase ASCII", [Agency("a")], [Procedure("p", Field("Số", FieldType.Text))]),
        ["duplicate key"] = ("Duplicate procedure p key 'name'", [Agency("a")],
            [Procedure("p", Field("name", FieldType.Text), Field("name", FieldType.Date))]),
        ["no fields"] = ("has no fields", [Agency("a")], [Procedure("p") with { Fields = [] }]),
        ["content type not allowed"] = ("which dossiers may not carry", [Agency("a")],
            [Procedure("p") with { Documents = [new("scan", "Bản chụp", true, ["image/gif"])] }]),
        ["document key reserved"] = ("'dossier' is reserved", [Agency("a")],
            [Procedure("p") with { Documents = [new("dossier", "Hồ sơ", true, ["application/pdf"])] }]),
        ["decomposed text"] = ("is not clean NFC text", [Agency("a")],
            [Procedure("p") with { Name = "Đổi giấy phép".Normalize(System.Text.NormalizationForm.FormD) }]),
        ["fan-out to one agency"] = ("fans out to fewer than two agencies", [Agency("a")], [Procedure("p") with { FanOut = true }]),
        ["shared without a province field"] = ("needs exactly one required province field", [Regional("n", "01"), Regional("s", "79")],
            [Procedure("p") with { AgencyIds = ["n", "s"] }]),
        ["province nobody serves"] = ("province 79 is served by 0 of its agencies", [Regional("n", "01"), Regional("s", "01")],
            [Procedure("p", Field("province", FieldType.Province)) with { AgencyIds = ["n", "s"] }]),
    };

    public static TheoryData<string> BrokenSeedCases => [.. BrokenSeeds.Keys];

    [Theory]
    [MemberData(nameof(BrokenSeedCases))]
    public void Create_refuses_a_broken_seed_naming_the_problem(string seed)
    {
        var (problem, agencies, procedures) = BrokenSeeds[seed];

        var error = Assert.Throws<InvalidOperationException>(() => ProcedureCatalog.Create(Provinces, agencies, procedures));

        Assert.Contains(problem, error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Create_routes_a_shared_procedure_when_each_province_has_exactly_one_agency()
    {
        var catalog = ProcedureCatalog.Create(Provinces, [Regional("n", "01"), Regional("s", "79")],
            [Procedure("p", Field("province", FieldType.Province)) with { AgencyIds = ["n", "s"] }]);

        Assert.Equal("s", catalog.ResponsibleAgency(catalog.Procedures[0], "Hồ Chí Minh")?.Id);
    }

    private static readonly Province[] Provinces = [new("01", "Hà Nội"), new("79", "Hồ Chí Minh")];

    private static Agency Agency(string id) => new(id, $"Cơ quan {id}");

    private static Agency Regional(string id, string serves) => new(id, $"Điện lực {id}", ServesProvinceCodes: [serves]);

    private static ProcedureField Field(string key, FieldType type) => new(key, $"Trường {key}", type, Required: true);

    private static Procedure Procedure(string code, params ProcedureField[] fields) => new(code, "Thủ tục thử", "Mô tả thủ tục thử.", ["a"],
        ServiceLevel.Partial, 0, 1, FanOut: false, fields.Length > 0 ? fields : [Field("name", FieldType.Text)],
        [new ProcedureDocument("scan", "Bản chụp", true, ["application/pdf"])]);
}
