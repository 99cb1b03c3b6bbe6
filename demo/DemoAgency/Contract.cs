// The parts of the portal's public contract (shared/API.md) this agency reads and writes, as camelCase JSON.
namespace MotCua.DemoAgency;

/// <summary>An entry of <c>GET /api/agencies</c>.</summary>
internal sealed record CatalogAgency(string Id, string Name, string? ProvinceCode);

/// <summary>The body of <c>PUT /api/ops/agencies/{id}</c>.</summary>
internal sealed record AgencyEndpoint(string Name, string? ProvinceCode, Uri WebhookUrl, string Secret);

/// <summary>Any webhook the portal posts; <c>data</c> differs by type.</summary>
internal sealed record IncomingEvent(string? Type, EventData? Data);

/// <summary>
/// The <c>data</c> fields this agency acts on, for every event type. The applicant and the form fields are left
/// unread on purpose: the demo needs neither, and what it never holds it cannot log.
/// </summary>
internal sealed record EventData(
    string? DossierId,
    string? ProcedureCode,
    string? ProcedureName,
    string? DueAt,
    IReadOnlyList<AttachmentLink>? Attachments,
    string? FeedbackId,
    string? Category);

internal sealed record AttachmentLink(string Id, string? ContentType, long Size, string Sha256, Uri Url);

/// <summary>The body of <c>POST /api/agencies/{id}/events</c>.</summary>
internal sealed record OutgoingEvent(string Type, DateTimeOffset Timestamp, object Data);

internal sealed record StatusChanged(string DossierId, string Status, string Note);

internal sealed record ResultIssued(string DossierId, string Note, IReadOnlyList<ResultDocument> Documents);

internal sealed record ResultDocument(string FileName, string ContentType, string ContentBase64);

internal sealed record FeedbackAnswered(string FeedbackId, string Answer);
