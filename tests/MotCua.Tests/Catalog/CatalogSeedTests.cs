using System.Text.RegularExpressions;
using MotCua.Catalog;

namespace MotCua.Tests.Catalog;

/// <summary>The embedded seed says what DOMAIN.md says: launch services, 34 provinces, one Sở Công Thương each.</summary>
public sealed class CatalogSeedTests
{
    // DOMAIN.md, "Agencies and provinces": the provincial-level units since 1 July 2025.
    private static readonly string[] DomainProvinces =
    [
        "Hà Nội", "Hồ Chí Minh", "Hải Phòng", "Đà Nẵng", "Cần Thơ", "Huế", "Tuyên Quang", "Lào Cai", "Thái Nguyên", "Phú Thọ",
        "Bắc Ninh", "Hưng Yên", "Ninh Bình", "Quảng Trị", "Quảng Ngãi", "Gia Lai", "Khánh Hòa", "Lâm Đồng", "Đắk Lắk", "Đồng Nai",
        "Tây Ninh", "Vĩnh Long", "Đồng Tháp", "Cà Mau", "An Giang", "Cao Bằng", "Điện Biên", "Hà Tĩnh", "Lai Châu", "Lạng Sơn",
        "Nghệ An", "Quảng Ninh", "Thanh Hóa", "Sơn La",
    ];

    private static readonly ProcedureCatalog Seed = ProcedureCatalog.LoadEmbedded();

    [Fact]
    public void Provinces_are_the_34_of_DOMAIN_with_distinct_two_digit_codes()
    {
        Assert.Equal(DomainProvinces.Order(StringComparer.Ordinal), Seed.Provinces.Select(p => p.Name).Order(StringComparer.Ordinal));
        Assert.Equal(34, Seed.Provinces.Select(p => p.Code).Distinct().Count());
        Assert.All(Seed.Provinces, p => Assert.Matches("^[0-9]{2}$", p.Code));
        Assert.Equal("01", Seed.Provinces.Single(p => p.Name == "Hà Nội").Code);
        Assert.Equal("79", Seed.Provinces.Single(p => p.Name == "Hồ Chí Minh").Code);
    }

    [Fact]
    public void Every_province_has_exactly_one_Department_of_Industry_and_Trade_named_for_it()
    {
        var departments = Seed.Agencies.Where(a => a.Name.StartsWith("Sở Công Thương ", StringComparison.Ordinal)).ToList();

        Assert.Equal(34, departments.Count);
        Assert.Equal(Seed.Provinces.Select(p => p.Code).Order(StringComparer.Ordinal),
            departments.Select(d => d.ProvinceCode!).Order(StringComparer.Ordinal));
        Assert.All(departments, d => Assert.EndsWith(" " + Seed.Provinces.Single(p => p.Code == d.ProvinceCode).Name, d.Name, StringComparison.Ordinal));
        Assert.All(departments, d => Assert.StartsWith("soct-", d.Id, StringComparison.Ordinal));
    }

    [Fact]
    public void The_promotion_notice_fans_out_to_every_Department_of_Industry_and_Trade()
    {
        var notice = Seed.FindProcedure("thong-bao-khuyen-mai")!;

        Assert.True(notice.FanOut);
        Assert.Equal("Thông báo hoạt động khuyến mại", notice.Name);
        Assert.Equal(Seed.Agencies.Where(a => a.ProvinceCode is not null).Select(a => a.Id).Order(StringComparer.Ordinal),
            notice.AgencyIds.Order(StringComparer.Ordinal));
        Assert.Equal([notice], Seed.Procedures.Where(p => p.FanOut));
    }

    [Theory]
    [InlineData("Đổi giấy phép lái xe")]
    [InlineData("Cấp giấy phép lái xe quốc tế")]
    [InlineData("Cấp điện mới từ lưới điện hạ áp")]
    [InlineData("Cấp điện mới từ lưới điện trung áp")]
    [InlineData("Cấp lại thẻ BHYT do hỏng, mất")]
    [InlineData("Thông báo hoạt động khuyến mại")]
    [InlineData("Đăng ký hoạt động khuyến mại")]
    [InlineData("Nộp thuế điện tử")]
    [InlineData("Thanh toán tiền điện")]
    public void Every_launch_service_of_DOMAIN_is_in_the_catalog(string name) =>
        Assert.Single(Seed.Procedures, p => p.Name == name);

    [Fact]
    public void Certificates_of_origin_are_a_group_issued_by_the_Ministry_of_Industry_and_Trade()
    {
        var certificates = Seed.Search("chung nhan xuat xu").ToList();

        Assert.True(certificates.Count >= 5);
        Assert.All(certificates, c => Assert.Equal(["bct-xnk"], c.AgencyIds));
        Assert.All(certificates, c => Assert.Contains("(C/O)", c.Name, StringComparison.Ordinal));
    }

    [Fact]
    public void Every_procedure_has_fields_and_well_formed_documents()
    {
        Assert.All(Seed.Procedures, procedure =>
        {
            Assert.NotEmpty(procedure.Fields);
            Assert.Matches("^[a-z0-9]+(-[a-z0-9]+)*$", procedure.Code);
            Assert.All(procedure.Fields, field =>
            {
                Assert.True(Enum.IsDefined(field.Type));
                Assert.Matches("^[a-z][a-zA-Z0-9]*$", field.Key);
                Assert.Equal(field.Type is FieldType.Select or FieldType.Province, field.Options is { Count: > 0 });
                if (field.Pattern is not null)
                {
                    _ = new Regex(field.Pattern, RegexOptions.None, TimeSpan.FromSeconds(1));
                }
            });
            Assert.All(procedure.Documents, document =>
            {
                Assert.Matches("^[a-z][a-zA-Z0-9]*$", document.Key);
                Assert.NotEmpty(document.Accept);
                Assert.All(document.Accept, type => Assert.Contains(type, ProcedureCatalog.AllowedContentTypes));
            });
        });
        // Only paying a bill needs no document at all.
        Assert.Equal(["thanh-toan-tien-dien"], Seed.Procedures.Where(p => p.Documents.Count == 0).Select(p => p.Code));
    }

    [Fact]
    public void Every_agency_reference_resolves()
    {
        Assert.All(Seed.Procedures.SelectMany(p => p.AgencyIds), id => Assert.NotNull(Seed.FindAgency(id)));
        Assert.Equal(Seed.Agencies.Count, Seed.Agencies.Select(a => a.Id).Distinct().Count());
    }

    [Theory]
    [InlineData("doi-giay-phep-lai-xe", "licenceNumber", "012345678901", true)]
    [InlineData("doi-giay-phep-lai-xe", "licenceNumber", "01234567890", false)]
    [InlineData("co-mau-d", "exporterTaxCode", "0101234567-001", true)]
    [InlineData("co-mau-d", "exporterTaxCode", "0101234567-1", false)]
    [InlineData("nop-thue-dien-tu", "taxPeriod", "Q3/2025", true)]
    [InlineData("nop-thue-dien-tu", "taxPeriod", "13/2025", false)]
    [InlineData("thanh-toan-tien-dien", "customerCode", "PD01000123456", true)]
    public void Field_patterns_accept_real_values_and_refuse_near_misses(string code, string key, string value, bool valid)
    {
        var pattern = Seed.FindProcedure(code)!.Fields.Single(f => f.Key == key).Pattern!;

        Assert.Equal(valid, Regex.IsMatch(value, pattern, RegexOptions.None, TimeSpan.FromSeconds(1)));
    }
}
