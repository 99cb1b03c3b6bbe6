// An agency's registration checked as a plain function: every field in error at once, the secret never echoed.
using MotCua.Agencies;
using MotCua.Hosting;
using MotCua.Webhooks;

namespace MotCua.Tests.Agencies;

public sealed class RegistrationCheckTests
{
    private static readonly string Secret = WebhookSecret.Generate().Reveal();

    [Fact]
    public void A_registration_with_a_name_an_https_url_and_a_secret_passes_trimmed()
    {
        var check = RegisterAgency.Check(new AgencyRegistration("  Sở Công Thương Hà Nội ", "01", "https://soct.hanoi.gov.vn/hooks", Secret));

        var valid = Assert.IsType<Checked<ValidRegistration>.Passed>(check).Value;
        Assert.Equal(("Sở Công Thương Hà Nội", "01", "https://soct.hanoi.gov.vn/hooks"), (valid.Name, valid.ProvinceCode, valid.WebhookUrl.AbsoluteUri));
        Assert.Equal(Secret, valid.Secret.Reveal());
    }

    [Fact]
    public void Every_field_in_error_is_named_and_the_secret_is_not_echoed()
    {
        var check = RegisterAgency.Check(new AgencyRegistration("", "1a", "http://agency.example/hooks", "whsec_c2VjcmV0"));

        var errors = Assert.IsType<Checked<ValidRegistration>.Invalid>(check).Problem.ProblemDetails.Errors;
        Assert.Equal(["name", "provinceCode", "secret", "webhookUrl"], errors.Keys.Order(StringComparer.Ordinal));
        Assert.DoesNotContain("c2VjcmV0", errors["secret"][0], StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("http://localhost:7071/hooks", true)]
    [InlineData("https://user:pass@agency.example/hooks", false)]
    [InlineData("ftp://agency.example/hooks", false)]
    [InlineData("/hooks", false)]
    public void Http_is_for_the_loopback_only_and_a_url_never_carries_credentials(string url, bool accepted) =>
        Assert.Equal(accepted, RegisterAgency.Check(new AgencyRegistration("Cơ quan", null, url, Secret)) is Checked<ValidRegistration>.Passed);

    [Fact]
    public void A_body_that_is_not_a_registration_is_one_error()
    {
        var errors = Assert.IsType<Checked<ValidRegistration>.Invalid>(RegisterAgency.Check(null)).Problem.ProblemDetails.Errors;

        Assert.Equal(["body"], errors.Keys);
    }
}
