// POST /agencies/{agencyId}/webhook: where the portal delivers each played agency's events.
using System.Text.Json;
using Microsoft.AspNetCore.Http.HttpResults;

namespace MotCua.DemoAgency;

internal static class WebhookEndpoint
{
    public static void MapAgencyWebhooks(this IEndpointRouteBuilder app) => app.MapPost("/agencies/{agencyId}/webhook", ReceiveAsync);

    /// <summary>Verifies, drops duplicates, and answers 204 at once; the clerk does the work in the background.</summary>
    private static async Task<Results<NoContent, ProblemHttpResult>> ReceiveAsync(string agencyId, HttpRequest request, PlayedAgencies agencies,
        OneStopClerk clerk, TimeProvider clock, ILoggerFactory loggers, CancellationToken cancellationToken)
    {
        var logger = loggers.CreateLogger(typeof(WebhookEndpoint));
        if (!agencies.TryFind(agencyId, out var agency))
        {
            return TypedResults.Problem(title: "Not Found", detail: "Hệ thống này không đóng vai cơ quan có mã đã gửi.", statusCode: StatusCodes.Status404NotFound);
        }

        using var buffer = new MemoryStream();
        await request.Body.CopyToAsync(buffer, cancellationToken);
        var body = buffer.ToArray();
        var id = request.Headers["webhook-id"].ToString();
        if (!StandardWebhooks.Verify(agency.Secret, id, request.Headers["webhook-timestamp"], request.Headers["webhook-signature"], body, clock.GetUtcNow()))
        {
            logger.LogWarning("Refused a webhook for {AgencyId}: missing, wrong or stale signature", agencyId);
            return TypedResults.Problem(title: "Unauthorized", detail: "Chữ ký webhook không hợp lệ hoặc đã quá hạn.", statusCode: StatusCodes.Status401Unauthorized);
        }

        IncomingEvent? incoming;
        try
        {
            incoming = JsonSerializer.Deserialize<IncomingEvent>(body, JsonSerializerOptions.Web);
        }
        catch (JsonException)
        {
            incoming = null;
        }

        if (incoming is not { Type: { } type, Data: { } data } || (type.StartsWith("dossier.", StringComparison.Ordinal) && data.DossierId is null))
        {
            logger.LogWarning("Refused webhook {WebhookId} for {AgencyId}: not a {{type, data}} event this agency understands", id, agencyId);
            return TypedResults.Problem(title: "Bad Request", detail: "Nội dung webhook không đúng định dạng {type, timestamp, data}.",
                statusCode: StatusCodes.Status400BadRequest);
        }

        if (!clerk.Accept(new AgencyEvent(agency, id, type, data)))
        {
            logger.LogInformation("Ignored webhook {WebhookId} for {AgencyId}: already received", id, agencyId);
        }

        return TypedResults.NoContent();
    }
}
