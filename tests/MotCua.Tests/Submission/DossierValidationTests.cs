// The dossier checks as plain functions over the real catalog: no host, no storage.
using MotCua.Catalog;
using MotCua.Hosting;
using MotCua.Submission;

namespace MotCua.Tests.Submission;

public sealed class DossierValidationTests
{
    private static readonly ProcedureCatalog Seed = ProcedureCatalog.LoadEmbedded();

    private const string Citizen = """{"kind":"citizen","fullName":"Nguyễn Văn An","idNumber":"001090012345","phone":"0912345678"}""";

    [Fact]
    public void An_electricity_payment_goes_to_the_corporation_serving_the_chosen_province()
    {
        var dossier = Passed(Check(Electricity("Hà Nội")));

        Assert.Equal("thanh-toan-tien-dien", dossier.Procedure.Code);
        Assert.Equal("evn-hanoi", Assert.Single(dossier.Agencies).Id);
        Assert.Equal("Nguyễn Văn An", dossier.Applicant.FullName);
    }

    [Fact]
    public void A_fan_out_choice_names_each_agency_that_does_not_take_the_procedure_and_a_repeated_one()
    {
        var json = $$"""{"procedureCode":"thong-bao-khuyen-mai","applicant":{{Citizen}},"fields":{},"agencyIds":["soct-hanoi","khong-co","soct-hanoi"]}""";

        var errors = Invalid(Check(json));

        Assert.Equal(["Mỗi cơ quan chỉ được chọn một lần."], errors["agencyIds"]);
        Assert.Equal(["Cơ quan này không tiếp nhận thủ tục đã chọn."], errors["agencyIds[1]"]);
        Assert.False(errors.ContainsKey("agencyIds[0]"));
    }

    [Fact]
    public void A_procedure_routed_by_the_catalog_refuses_a_chosen_agency()
    {
        var json = $$"""{"procedureCode":"thanh-toan-tien-dien","applicant":{{Citizen}},"fields":{"customerCode":"PD01001234567","province":"Hà Nội","billingPeriod":"10/2026","amountVnd":1},"agencyIds":["evn-hanoi"]}""";

        Assert.Equal(["Thủ tục này không chọn cơ quan; hồ sơ được chuyển đến cơ quan có thẩm quyền."], Invalid(Check(json))["agencyIds"]);
    }

    [Theory]
    [InlineData("", "dossier", "Thiếu nội dung hồ sơ.")]
    [InlineData("{", "dossier", "Hồ sơ không phải là JSON hợp lệ.")]
    [InlineData("[]", "dossier", "Hồ sơ phải là một đối tượng JSON.")]
    [InlineData("""{"procedureCode":1}""", "procedureCode", "Dữ liệu JSON không đúng kiểu hoặc có trường không được phép.")]
    [InlineData("""{"unknown":true}""", "unknown", "Dữ liệu JSON không đúng kiểu hoặc có trường không được phép.")]
    [InlineData("""{"procedureCode":"khong-co"}""", "procedureCode", "Không có thủ tục với mã này.")]
    public void An_unreadable_dossier_names_the_path_at_fault(string json, string path, string message) =>
        Assert.Equal([message], Invalid(Check(json))[path]);

    [Theory]
    [InlineData("date", null, null, "2026-02-30", "Ngày phải có dạng yyyy-MM-dd.")]
    [InlineData("date", null, null, "2026-02-28", null)]
    [InlineData("select", "B1|B2", null, "C", "Giá trị không nằm trong danh sách cho phép.")]
    [InlineData("select", "B1|B2", null, "B2", null)]
    [InlineData("text", null, "^[0-9]{12}$", "12345", "\"Số\" không đúng định dạng.")]
    [InlineData("text", null, "^[0-9]{12}$", "790123456789", null)]
    [InlineData("text", null, null, "bất kỳ", null)]
    public void A_field_text_is_checked_by_its_type(string type, string? options, string? pattern, string text, string? problem)
    {
        var field = new ProcedureField("so", "Số", Enum.Parse<FieldType>(type, ignoreCase: true), Required: true, options?.Split('|'), pattern);

        Assert.Equal(problem, DossierValidation.TextProblem(field, text));
    }

    [Theory]
    [InlineData("2026-03-10", null)]
    [InlineData("2026-03-11", "\"Ngày cấp\" không được sau ngày hôm nay.")]
    public void A_date_the_procedure_marks_not_future_takes_no_day_after_today(string issued, string? problem)
    {
        var json = $$$"""{"procedureCode":"doi-giay-phep-lai-xe","applicant":{{{Citizen}}},"fields":{"issueDate":"{{{issued}}}"}}""";

        var errors = Invalid(Check(json));

        Assert.True(Seed.FindProcedure("doi-giay-phep-lai-xe")!.Fields.Single(f => f.Key == "issueDate").NotFuture);
        Assert.Equal(problem, errors.TryGetValue("fields.issueDate", out var messages) ? Assert.Single(messages) : null);
    }

    private static readonly DateOnly Today = new(2026, 3, 10);

    private static Checked<ValidDossier> Check(string json) => new DossierValidation(Seed, Today).Check(json, []);

    private static string Electricity(string province) =>
        $$$"""{"procedureCode":"thanh-toan-tien-dien","applicant":{{{Citizen}}},"fields":{"customerCode":"PD01001234567","province":"{{{province}}}","billingPeriod":"10/2026","amountVnd":356000}}""";

    private static ValidDossier Passed(Checked<ValidDossier> check) => Assert.IsType<Checked<ValidDossier>.Passed>(check).Value;

    private static IDictionary<string, string[]> Invalid(Checked<ValidDossier> check) =>
        Assert.IsType<Checked<ValidDossier>.Invalid>(check).Problem.ProblemDetails.Errors;
}
