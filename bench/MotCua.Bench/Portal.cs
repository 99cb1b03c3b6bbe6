// The app's HTTP API as the benchmark calls it: a citizen submitting and looking up, ops registering an agency and
// running a function now.
using System.Net;
using System.Net.Http.Headers;
using System.Net.Http.Json;
using System.Text.Json;
using MotCua.Tests.Infrastructure;

namespace MotCua.Bench;

internal sealed record Receipt(string Id, string AccessKey, IReadOnlyList<ReceiptDelivery> Deliveries);

internal sealed record ReceiptDelivery(string AgencyId, string Status);

internal static class Portal
{
    /// <summary>Paying an electricity bill in Hà Nội: JSON only, one delivery (to evn-hanoi).</summary>
    private static readonly byte[] Dossier = JsonSerializer.SerializeToUtf8Bytes(Samples.ElectricityPayment(), JsonSerializerOptions.Web);

    public const string AgencyId = "evn-hanoi";

    public static async Task<Receipt> SubmitAsync(HttpClient app)
    {
        using var content = new ByteArrayContent(Dossier);
        content.Headers.ContentType = new MediaTypeHeaderValue("application/json");
        using var response = await app.PostAsync(new Uri("/api/dossiers", UriKind.Relative), content);
        Expect(response, HttpStatusCode.Created, "POST /api/dossiers");
        return await response.Content.ReadFromJsonAsync<Receipt>(JsonSerializerOptions.Web)
               ?? throw new BenchException("POST /api/dossiers answered an empty receipt");
    }

    public static async Task LookUpAsync(HttpClient app, Receipt dossier)
    {
        using var request = new HttpRequestMessage(HttpMethod.Get, new Uri($"/api/dossiers/{dossier.Id}", UriKind.Relative));
        request.Headers.Add("X-Access-Key", dossier.AccessKey);
        using var response = await app.SendAsync(request);
        Expect(response, HttpStatusCode.OK, "GET /api/dossiers/{id}");
        // The whole answer, as a browser would take it.
        await response.Content.LoadIntoBufferAsync();
    }

    public static async Task RegisterAsync(HttpClient app, BenchAgency agency)
    {
        using var request = new HttpRequestMessage(HttpMethod.Put, new Uri($"/api/ops/agencies/{AgencyId}", UriKind.Relative))
        {
            Content = JsonContent.Create(new { name = "Tổng công ty Điện lực TP Hà Nội", webhookUrl = agency.WebhookUrl, secret = agency.Secret }),
        };
        request.Headers.Add("x-functions-key", FunctionApp.AdminKey);
        using var response = await app.SendAsync(request);
        if (!response.IsSuccessStatusCode)
        {
            throw new BenchException($"Registering {AgencyId} answered {(int)response.StatusCode}");
        }
    }

    /// <summary>The agency's callback: the dossier's status changed, signed with the agency's secret.</summary>
    public static Task<HttpResponseMessage> SendStatusAsync(HttpClient app, BenchAgency agency, string dossierId, string status)
    {
        var body = JsonSerializer.Serialize(new { type = "dossier.status_changed", timestamp = DateTimeOffset.UtcNow, data = new { dossierId, status } },
            JsonSerializerOptions.Web);
        var (id, timestamp) = ($"msg_{Guid.NewGuid():N}", DateTimeOffset.UtcNow.ToUnixTimeSeconds());
        var request = new HttpRequestMessage(HttpMethod.Post, new Uri($"/api/agencies/{AgencyId}/events", UriKind.Relative))
        {
            Content = new StringContent(body, System.Text.Encoding.UTF8, "application/json"),
        };
        request.Headers.Add("webhook-id", id);
        request.Headers.Add("webhook-timestamp", timestamp.ToString(System.Globalization.CultureInfo.InvariantCulture));
        request.Headers.Add("webhook-signature", TestAgency.Sign(agency.Secret, id, timestamp, body));
        return app.SendAsync(request);
    }

    /// <summary>Runs a timer or queue function now through the admin API, which answers 202 once the run has ended.</summary>
    public static async Task RunFunctionAsync(HttpClient app, string name)
    {
        using var request = new HttpRequestMessage(HttpMethod.Post, new Uri($"/admin/functions/{name}", UriKind.Relative))
        {
            Content = JsonContent.Create(new { input = "" }),
        };
        request.Headers.Add("x-functions-key", FunctionApp.AdminKey);
        using var response = await app.SendAsync(request);
        Expect(response, HttpStatusCode.Accepted, $"POST /admin/functions/{name}");
    }

    private static void Expect(HttpResponseMessage response, HttpStatusCode status, string what)
    {
        if (response.StatusCode != status)
        {
            throw new BenchException($"{what} answered {(int)response.StatusCode}");
        }
    }
}
