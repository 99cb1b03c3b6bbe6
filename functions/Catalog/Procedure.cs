// The catalog's data: the shapes of procedures.json, agencies.json and provinces.json, which are also
// the shapes GET /api/procedures/{code} returns (see API.md, Catalog).
using System.Text.Json.Serialization;

namespace MotCua.Catalog;

/// <summary>Online service level: mức độ 3 (<c>partial</c>) or mức độ 4 (<c>full</c>: fees and results online too).</summary>
[JsonConverter(typeof(JsonStringEnumConverter<ServiceLevel>))]
internal enum ServiceLevel
{
    [JsonStringEnumMemberName("partial")] Partial,
    [JsonStringEnumMemberName("full")] Full,
}

[JsonConverter(typeof(JsonStringEnumConverter<FieldType>))]
internal enum FieldType
{
    [JsonStringEnumMemberName("text")] Text,
    [JsonStringEnumMemberName("number")] Number,
    [JsonStringEnumMemberName("date")] Date,
    [JsonStringEnumMemberName("select")] Select,
    [JsonStringEnumMemberName("checkbox")] Checkbox,
    /// <summary>One of the 34 provinces, by name; the catalog fills <see cref="ProcedureField.Options"/> from provinces.json.</summary>
    [JsonStringEnumMemberName("province")] Province,
}

internal static class ServiceLevels
{
    /// <summary>Parses the wire names used by the <c>level</c> query parameter (the same as in JSON).</summary>
    public static ServiceLevel? Parse(string value) => value switch
    {
        "partial" => ServiceLevel.Partial,
        "full" => ServiceLevel.Full,
        _ => null,
    };
}

internal sealed record Procedure(
    string Code,
    string Name,
    string Description,
    IReadOnlyList<string> AgencyIds,
    ServiceLevel Level,
    long FeeVnd,
    int ProcessingDays,
    bool FanOut,
    IReadOnlyList<ProcedureField> Fields,
    IReadOnlyList<ProcedureDocument> Documents)
{
    /// <summary>A level-4 (mức độ 4) procedure with a fee: the fee is paid online before the dossier is forwarded.</summary>
    [JsonIgnore]
    public bool FeeDueOnSubmission => Level == ServiceLevel.Full && FeeVnd > 0;
}

/// <param name="Pattern">A regular expression the whole value must match (text fields only).</param>
internal sealed record ProcedureField(
    string Key,
    string Label,
    FieldType Type,
    bool Required,
    [property: JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)] IReadOnlyList<string>? Options = null,
    [property: JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)] string? Pattern = null,
    [property: JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingDefault)] bool NotFuture = false);

/// <param name="Accept">Content types accepted for this document, judged by content, not by file name.</param>
internal sealed record ProcedureDocument(string Key, string Label, bool Required, IReadOnlyList<string> Accept);

/// <param name="ProvinceCode">The province of a provincial body (Sở Công Thương).</param>
/// <param name="ServesProvinceCodes">The provinces a regional body serves (EVN power corporations); routes non-fan-out dossiers.</param>
internal sealed record Agency(string Id, string Name, string? ProvinceCode = null, IReadOnlyList<string>? ServesProvinceCodes = null);

/// <param name="Code">The official two-digit code of the provincial-level unit since 1 July 2025.</param>
internal sealed record Province(string Code, string Name);

/// <summary>One row of <c>GET /api/procedures</c>.</summary>
internal sealed record ProcedureSummary(
    string Code, string Name, IReadOnlyList<string> AgencyIds, ServiceLevel Level, long FeeVnd, int ProcessingDays, bool FanOut)
{
    public static ProcedureSummary From(Procedure procedure) => new(procedure.Code, procedure.Name, procedure.AgencyIds,
        procedure.Level, procedure.FeeVnd, procedure.ProcessingDays, procedure.FanOut);
}

/// <summary>One row of <c>GET /api/agencies</c>.</summary>
internal sealed record AgencySummary(
    string Id, string Name, [property: JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)] string? ProvinceCode)
{
    public static AgencySummary From(Agency agency) => new(agency.Id, agency.Name, agency.ProvinceCode);
}
