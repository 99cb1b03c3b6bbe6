// Every call this agency makes to the portal, through its public HTTP contract only.
using System.Globalization;
using System.Net;
using System.Net.Http.Headers;
using System.Security.Cryptography;
using System.Text.Json;
using Microsoft.Extensions.Options;

namespace MotCua.DemoAgency;

internal sealed class PortalClient(IHttpClientFactory clients, IOptions<DemoOptions> options, TimeProvider clock, ILogger<PortalClient> logger)
{
    /// <summary>Tries per event (the first and three retries) when the portal is unreachable or answers 429 or 5xx.</summary>
    private const int MaxAttempts = 4;

    private HttpClient Http => clients.CreateClient(nameof(PortalClient));

    /// <summary>Polls <c>GET /api/health</c> until it answers 200, or <paramref name="limit"/> has passed.</summary>
    public async Task<bool> WaitUntilHealthyAsync(TimeSpan limit, CancellationToken cancellationToken)
    {
        var deadline = clock.GetUtcNow() + limit;
        logger.LogInformation("Waiting for the portal at {Portal}", options.Value.Portal);
        while (true)
        {
            try
            {
                using var attempt = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
                attempt.CancelAfter(TimeSpan.FromSeconds(5));
                using var response = await Http.GetAsync(Relative("api/health"), attempt.Token);
                if (response.StatusCode == HttpStatusCode.OK)
                {
                    return true;
                }
            }
            catch (Exception ex) when (ex is HttpRequestException || (ex is OperationCanceledException && !cancellationToken.IsCancellationRequested))
            {
                // Not up yet: try again until the deadline.
            }

            if (clock.GetUtcNow() >= deadline)
            {
                return false;
            }

            await Task.Delay(TimeSpan.FromSeconds(1), clock, cancellationToken);
        }
    }

    public async Task<IReadOnlyList<CatalogAgency>> GetAgenciesAsync(CancellationToken cancellationToken) =>
        await Http.GetFromJsonAsync<List<CatalogAgency>>(Relative("api/agencies"), JsonSerializerOptions.Web, cancellationToken) ?? [];

    /// <summary><c>PUT /api/ops/agencies/{id}</c> with the admin key; a refusal is logged with the portal's reason.</summary>
    public async Task<HttpStatusCode> RegisterAsync(string id, AgencyEndpoint endpoint, CancellationToken cancellationToken)
    {
        using var request = new HttpRequestMessage(HttpMethod.Put, Relative($"api/ops/agencies/{Uri.EscapeDataString(id)}"))
        {
            Content = Json(JsonSerializer.SerializeToUtf8Bytes(endpoint, JsonSerializerOptions.Web)),
        };
        request.Headers.Add("x-functions-key", options.Value.AdminKey);
        using var response = await Http.SendAsync(request, cancellationToken);
        if (!response.IsSuccessStatusCode)
        {
            logger.LogError("The portal refused to register {AgencyId}: HTTP {StatusCode} {Detail}",
                id, (int)response.StatusCode, await ProblemDetailAsync(response, cancellationToken));
        }

        return response.StatusCode;
    }

    /// <summary>
    /// Signs and posts one event as <paramref name="agency"/>. Retries network errors, 429 and 5xx with the same
    /// <c>webhook-id</c> (so the portal applies it once); true when the portal answered 2xx, false (logged) otherwise.
    /// </summary>
    public async Task<bool> SendEventAsync(PlayedAgency agency, string type, object data, CancellationToken cancellationToken)
    {
        var body = JsonSerializer.SerializeToUtf8Bytes(new OutgoingEvent(type, clock.GetUtcNow(), data), JsonSerializerOptions.Web);
        var id = $"msg_{Guid.NewGuid():N}";
        for (var attempt = 1; ; attempt++)
        {
            string failure;
            try
            {
                using var request = new HttpRequestMessage(HttpMethod.Post, Relative($"api/agencies/{Uri.EscapeDataString(agency.Id)}/events"))
                {
                    Content = Json(body),
                };
                var timestamp = clock.GetUtcNow().ToUnixTimeSeconds().ToString(CultureInfo.InvariantCulture);
                request.Headers.Add("webhook-id", id);
                request.Headers.Add("webhook-timestamp", timestamp);
                request.Headers.Add("webhook-signature", StandardWebhooks.Sign(agency.Secret, id, timestamp, body));
                using var response = await Http.SendAsync(request, cancellationToken);
                if (response.IsSuccessStatusCode)
                {
                    return true;
                }

                if ((int)response.StatusCode < 500 && response.StatusCode != HttpStatusCode.TooManyRequests)
                {
                    logger.LogWarning("The portal refused {EventType} {WebhookId} from {AgencyId}: HTTP {StatusCode} {Detail}",
                        type, id, agency.Id, (int)response.StatusCode, await ProblemDetailAsync(response, cancellationToken));
                    return false;
                }

                failure = $"HTTP {(int)response.StatusCode}";
            }
            catch (HttpRequestException ex)
            {
                // The inner message says what happened ("Connection refused"); the outer one only that something did.
                failure = ex.InnerException?.Message ?? ex.Message;
            }
            catch (TaskCanceledException) when (!cancellationToken.IsCancellationRequested)
            {
                failure = "timed out";
            }

            if (attempt == MaxAttempts)
            {
                logger.LogError("Gave up sending {EventType} {WebhookId} from {AgencyId} after {Attempts} attempts: {Failure}",
                    type, id, agency.Id, attempt, failure);
                return false;
            }

            var wait = TimeSpan.FromSeconds(1 << (attempt - 1));
            logger.LogWarning("Sending {EventType} {WebhookId} from {AgencyId} failed ({Failure}); retrying in {Wait}", type, id, agency.Id, failure, wait);
            await Task.Delay(wait, clock, cancellationToken);
        }
    }

    /// <summary>
    /// Downloads an attachment from its portal link and returns its SHA-256 as lowercase hex. The portal logs the read and answers
    /// 302 to a storage link valid a few minutes, which the client follows.
    /// </summary>
    public async Task<string> DownloadSha256Async(Uri url, CancellationToken cancellationToken)
    {
        using var response = await Http.GetAsync(url, HttpCompletionOption.ResponseHeadersRead, cancellationToken);
        response.EnsureSuccessStatusCode();
        await using var content = await response.Content.ReadAsStreamAsync(cancellationToken);
        return Convert.ToHexStringLower(await SHA256.HashDataAsync(content, cancellationToken));
    }

    private static Uri Relative(string path) => new(path, UriKind.Relative);

    /// <summary>A JSON body with a Content-Length (not chunked), exactly the bytes that were signed.</summary>
    private static ByteArrayContent Json(byte[] body) =>
        new(body) { Headers = { ContentType = new MediaTypeHeaderValue("application/json", "utf-8") } };

    /// <summary>The <c>detail</c> of a problem+json answer (Vietnamese, never personal data), or the bare reason.</summary>
    private static async Task<string> ProblemDetailAsync(HttpResponseMessage response, CancellationToken cancellationToken)
    {
        try
        {
            using var problem = JsonDocument.Parse(await response.Content.ReadAsStringAsync(cancellationToken));
            if (problem.RootElement.ValueKind == JsonValueKind.Object && problem.RootElement.TryGetProperty("detail", out var detail))
            {
                return detail.ToString();
            }
        }
        catch (JsonException)
        {
            // Not problem+json: fall back to the reason phrase.
        }

        return response.ReasonPhrase ?? "";
    }
}
