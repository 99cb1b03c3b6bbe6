// What payment tests share: checking out a dossier's payment and calling the portal as the gateway's server and the citizen's
// browser do.
using System.Net;
using System.Text.Json.Nodes;
using MotCua.Tests.Infrastructure;

namespace MotCua.Tests.Payments;

internal static class PaymentFlow
{
    public static string FirstPaymentId(Submitted submitted) => submitted.Body!["payments"]![0]!["id"]!.GetValue<string>();

    public static async Task<(HttpResponseMessage Response, JsonNode? Body)> CheckoutAsync(Portal portal, Submitted submitted, string paymentId,
        string? accessKey = null)
    {
        var response = await portal.Client.SendAsync(HttpMethod.Post, $"/api/dossiers/{submitted.Id}/payments/{paymentId}/checkout", null,
            accessKey: accessKey ?? submitted.AccessKey);
        var text = await response.Content.ReadAsStringAsync();
        return (response, text.Length > 0 ? JsonNode.Parse(text) : null);
    }

    public static async Task<string> PayUrlAsync(Portal portal, Submitted submitted, string? paymentId = null)
    {
        var (response, body) = await CheckoutAsync(portal, submitted, paymentId ?? FirstPaymentId(submitted));
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        return body!["payUrl"]!.GetValue<string>();
    }

    /// <summary>The IPN with <paramref name="query"/>; answers the RspCode (the HTTP status is always 200).</summary>
    public static async Task<string> IpnAsync(Portal portal, string query)
    {
        using var response = await portal.Client.GetAsync($"/api/payments/vnpay/ipn?{query}");
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        return JsonNode.Parse(await response.Content.ReadAsStringAsync())!["RspCode"]!.GetValue<string>();
    }

    public static async Task<JsonNode> PaymentAsync(Portal portal, Submitted submitted, string paymentId)
    {
        var (_, dossier) = await portal.GetDossierAsync(submitted.Id, submitted.AccessKey);
        return dossier!["payments"]!.AsArray().Single(p => p!["id"]!.GetValue<string>() == paymentId)!;
    }
}
