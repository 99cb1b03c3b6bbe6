// Which budget each function's requests count against, as the functions declare it (decision 0017): citizens' endpoints per
// client, agency events per agency, the IPN per gateway; ops and background functions are not limited.
using System.Reflection;
using System.Text.Json;
using Microsoft.Azure.Functions.Worker;
using MotCua.Hosting;
using MotCua.Payments;

namespace MotCua.Tests.Hosting;

public sealed class RatePolicyTests
{
    private static readonly Dictionary<string, RatePolicy> Policies = typeof(MotCua.Program).Assembly.GetTypes()
        .SelectMany(type => type.GetMethods().Select(method => (Type: type, Method: method, Function: method.GetCustomAttribute<FunctionAttribute>())))
        .Where(found => found.Function is not null)
        .ToDictionary(found => found.Function!.Name, found => RatePolicy.Read($"{found.Type.FullName}.{found.Method.Name}"), StringComparer.Ordinal);

    [Theory]
    // API.md's anonymous writes: each counted per client at its endpoint (they are POSTs), and their failures.
    [InlineData("SubmitDossier")]
    [InlineData("SubmitSupplement")]
    [InlineData("WithdrawDossier")]
    [InlineData("RateDossier")]
    [InlineData("SubmitFeedback")]
    [InlineData("CountVisit")]
    [InlineData("CheckoutPayment")]
    // Lookups by access key, file token or bearer token: their 401s and 404s.
    [InlineData("GetDossier")]
    [InlineData("GetAttachment")]
    [InlineData("GetResult")]
    [InlineData("GetReceipt")]
    [InlineData("GetFeedback")]
    [InlineData("OpenFileLink")]
    [InlineData("GetMe")]
    [InlineData("ListMyDossiers")]
    [InlineData("GetMyDocument")]
    [InlineData("WithdrawConsent")]
    [InlineData("SearchProcedures")]
    public void Citizens_endpoints_are_counted_per_client(string function) => Assert.IsType<RatePolicy.PerClient>(Policies[function]);

    [Fact]
    public void Agency_events_are_counted_per_agency_and_the_ipn_for_the_gateway_which_is_refused_with_its_own_try_again()
    {
        Assert.Equal(new RatePolicy.PerCaller(RateBudget.AgencyCallbacks, "agencyId"), Policies["AgencyEvents"]);
        Assert.Equal(new RatePolicy.PerCaller(RateBudget.GatewayCallbacks, null, IpnAnswer.TryAgainJson), Policies["PaymentIpn"]);
        // The refusal is the IPN's own 99, as the function itself would write it.
        Assert.Equal(IpnAnswer.TryAgainJson, JsonSerializer.Serialize(IpnAnswer.TryAgain));
    }

    [Theory]
    [InlineData("RegisterAgency")]
    [InlineData("GetStats")]
    [InlineData("RefundPayment")]
    [InlineData("DeliveryReplay")]
    [InlineData("ForwardDossier")]
    [InlineData("SendNotification")]
    [InlineData("DailyReport")]
    public void Functions_behind_a_key_and_background_ones_are_not_limited(string function) => Assert.IsType<RatePolicy.Unlimited>(Policies[function]);

    [Fact]
    public void Only_the_two_callers_are_counted_other_than_per_client() =>
        Assert.Equal(["AgencyEvents", "PaymentIpn"], Policies.Where(p => p.Value is RatePolicy.PerCaller).Select(p => p.Key).Order(StringComparer.Ordinal));
}
