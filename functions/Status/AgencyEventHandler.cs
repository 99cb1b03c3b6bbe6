// One type of event an agency sends (API.md), applied by the feature that owns what it is about. AgencyEvents checks the
// agency, the signature and the envelope, then hands the event's data to the handler registered for its type.
using System.Text.Json;
using System.Text.Json.Serialization;
using Microsoft.AspNetCore.Http.HttpResults;
using MotCua.Hosting;

namespace MotCua.Status;

internal interface IAgencyEventHandler
{
    string EventType { get; }

    /// <summary>Applies the event once per webhook id; answers the agency, with a problem when the data is not the type's shape.</summary>
    Task<Results<Ok<AppliedEvent>, Ok<DuplicateEvent>, ValidationProblem, ProblemHttpResult>> ApplyAsync(string agencyId, string webhookId,
        JsonElement data, CancellationToken cancellationToken);
}

/// <summary>A handler of events whose <c>data</c> is a <typeparamref name="TData"/>, read strictly (no unknown members).</summary>
internal abstract class AgencyEventHandler<TData> : IAgencyEventHandler where TData : class
{
    public abstract string EventType { get; }

    public async Task<Results<Ok<AppliedEvent>, Ok<DuplicateEvent>, ValidationProblem, ProblemHttpResult>> ApplyAsync(string agencyId,
        string webhookId, JsonElement data, CancellationToken cancellationToken) =>
        Parse(data) is { } parsed
            ? await ApplyAsync(agencyId, webhookId, parsed, cancellationToken)
            : Problems.Invalid("data", "Dữ liệu của sự kiện không đúng cấu trúc.");

    protected abstract Task<Results<Ok<AppliedEvent>, Ok<DuplicateEvent>, ValidationProblem, ProblemHttpResult>> ApplyAsync(string agencyId,
        string webhookId, TData data, CancellationToken cancellationToken);

    private static TData? Parse(JsonElement data)
    {
        try
        {
            return data.ValueKind == JsonValueKind.Object ? data.Deserialize<TData>(AgencyEventAnswers.Json) : null;
        }
        catch (JsonException)
        {
            return null;
        }
    }
}

internal sealed record DuplicateEvent(bool Applied, bool Duplicate);

internal sealed record AppliedEvent(bool Applied, string Status);

/// <summary>What every handler answers, and how every event is read.</summary>
internal static class AgencyEventAnswers
{
    /// <summary>Strict: a member the type does not know is an error, not silently dropped.</summary>
    public static readonly JsonSerializerOptions Json = new(JsonSerializerDefaults.Web)
    {
        UnmappedMemberHandling = JsonUnmappedMemberHandling.Disallow,
        MaxDepth = 16,
    };

    public static Ok<AppliedEvent> Applied(string status) => TypedResults.Ok(new AppliedEvent(Applied: true, status));

    /// <summary>The answer to an event already applied under the same webhook id: a success that changed nothing.</summary>
    public static Ok<DuplicateEvent> Duplicate() => TypedResults.Ok(new DuplicateEvent(Applied: false, Duplicate: true));
}
