// POST /api/agencies/{agencyId}/events: an agency's signed callback. Checked in order: the agency is registered, the
// signature and timestamp hold, the body is well formed; then the handler of the event's type applies it
// (IAgencyEventHandler: a dossier's status or result here, a feedback answer in Feedback).
using System.Text.Json;
using Microsoft.AspNetCore.Http.Features;
using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.Azure.Functions.Worker;
using Microsoft.Extensions.Options;
using MotCua.Documents;
using MotCua.Hosting;
using MotCua.Webhooks;

namespace MotCua.Status;

internal sealed record AgencyEvent(string? Type, DateTimeOffset? Timestamp, JsonElement Data);

internal sealed class AgencyEvents(
    AgencyDirectory agencies,
    WebhookVerifier verifier,
    IEnumerable<IAgencyEventHandler> handlers,
    IOptions<UploadLimits> limits,
    ILogger<AgencyEvents> logger)
{
    [Function(nameof(AgencyEvents))]
    [RateLimitedPerCaller(RateBudget.AgencyCallbacks, routeKey: "agencyId")]
    public async Task<Results<Ok<AppliedEvent>, Ok<DuplicateEvent>, ValidationProblem, ProblemHttpResult>> Run(
        [HttpTrigger(AuthorizationLevel.Anonymous, "post", Route = "agencies/{agencyId}/events")] HttpRequest request, string agencyId,
        CancellationToken cancellationToken)
    {
        if (agencyId.Length > 64 || await agencies.FindAsync(agencyId, cancellationToken) is not { } agency)
        {
            return Problems.Status(StatusCodes.Status404NotFound, "Không có cơ quan với mã này.");
        }

        // Headers and timestamp first, before reading a body that may be large: an unsigned or stale request costs nothing.
        var early = verifier.Verify([], request.Headers, agency.Secrets).Status;
        if (early is not (WebhookVerificationStatus.BadSignature or WebhookVerificationStatus.Valid))
        {
            return Refused(agencyId, early);
        }

        if (await ReadBodyAsync(request, cancellationToken) is not { } body)
        {
            return Problems.Status(StatusCodes.Status413PayloadTooLarge, "Nội dung sự kiện quá lớn.");
        }

        var verification = verifier.Verify(body, request.Headers, agency.Secrets);
        if (!verification.IsValid)
        {
            return Refused(agencyId, verification.Status);
        }

        // The worker makes this class for each request: a look through the three handlers, not a dictionary built every time.
        return Envelope(body) is { Type: { } type } envelope && handlers.FirstOrDefault(h => h.EventType == type) is { } handler
            ? await handler.ApplyAsync(agencyId, verification.Id!, envelope.Data, cancellationToken)
            : Problems.Invalid("type", $"Loại sự kiện không được hỗ trợ: {string.Join(", ", handlers.Select(h => h.EventType))}.");
    }

    private ProblemHttpResult Refused(string agencyId, WebhookVerificationStatus reason)
    {
        logger.LogWarning("Refused an event for {AgencyId}: {Reason}", agencyId, reason);
        return Problems.Status(StatusCodes.Status401Unauthorized, "Chữ ký webhook không hợp lệ hoặc đã hết hạn.");
    }

    private static AgencyEvent? Envelope(byte[] body)
    {
        try
        {
            return JsonSerializer.Deserialize<AgencyEvent>(body, AgencyEventAnswers.Json);
        }
        catch (JsonException)
        {
            return null;
        }
    }

    private async Task<byte[]?> ReadBodyAsync(HttpRequest request, CancellationToken cancellationToken)
    {
        // Result documents arrive base64-encoded (4/3 of their size) inside the JSON.
        var max = ((limits.Value.MaxFileBytes * ResultIssuedHandler.MaxDocuments * 4) / 3) + (64 * 1024);
        if (request.HttpContext.Features.Get<IHttpMaxRequestBodySizeFeature>() is { IsReadOnly: false } feature)
        {
            feature.MaxRequestBodySize = max;
        }

        try
        {
            return await DossierUploadReader.ReadAtMostAsync(request.Body, max, cancellationToken);
        }
        catch (BadHttpRequestException)
        {
            return null;
        }
    }
}
