// The procedure catalog, loaded once from the embedded seed JSON and checked as a whole: the app refuses to
// start on a catalog with a dangling reference, a duplicate key or a field a form could not render.
using System.Globalization;
using System.Reflection;
using System.Text;
using System.Text.Json;
using System.Text.Json.Serialization;
using System.Text.RegularExpressions;

namespace MotCua.Catalog;

internal sealed partial class ProcedureCatalog
{
    /// <summary>The content types a dossier may carry (API.md, limits); a document accepts a subset.</summary>
    public static readonly IReadOnlySet<string> AllowedContentTypes = new HashSet<string>(StringComparer.Ordinal)
    {
        "application/pdf",
        "image/jpeg",
        "image/png",
        "application/vnd.openxmlformats-officedocument.wordprocessingml.document",
        "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
    };

    private static readonly JsonSerializerOptions SeedJson = new(JsonSerializerDefaults.Web)
    {
        PropertyNameCaseInsensitive = false,
        NumberHandling = JsonNumberHandling.Strict,
        UnmappedMemberHandling = JsonUnmappedMemberHandling.Disallow,
        RespectNullableAnnotations = true,
        RespectRequiredConstructorParameters = true,
    };

    private static readonly StringComparer VietnameseOrder = StringComparer.Create(CultureInfo.GetCultureInfo("vi-VN"), ignoreCase: false);

    private readonly (Procedure Procedure, string Text)[] _index;
    private readonly Dictionary<string, Procedure> _procedures;
    private readonly Dictionary<string, Agency> _agencies;
    private readonly Dictionary<string, Province> _provincesByName;

    private ProcedureCatalog(IReadOnlyList<Province> provinces, IReadOnlyList<Agency> agencies, IReadOnlyList<Procedure> procedures)
    {
        Provinces = provinces;
        Agencies = agencies;
        Procedures = procedures;
        _procedures = procedures.ToDictionary(p => p.Code, StringComparer.Ordinal);
        _agencies = agencies.ToDictionary(a => a.Id, StringComparer.Ordinal);
        _provincesByName = provinces.ToDictionary(p => p.Name, StringComparer.Ordinal);
        _index = [.. procedures.Select(p => (p, $"{SearchText.Normalize(p.Name)} {p.Code}"))];
    }

    /// <summary>All procedures, ordered by name (Vietnamese collation), then code.</summary>
    public IReadOnlyList<Procedure> Procedures { get; }

    /// <summary>All agencies, in seed order: national bodies first, then the provincial ones by province code.</summary>
    public IReadOnlyList<Agency> Agencies { get; }

    /// <summary>The 34 provincial-level units, by code; the options of every <see cref="FieldType.Province"/> field.</summary>
    public IReadOnlyList<Province> Provinces { get; }

    public static ProcedureCatalog LoadEmbedded() =>
        Create(ReadSeed<Province[]>("provinces"), ReadSeed<Agency[]>("agencies"), ReadSeed<Procedure[]>("procedures"));

    /// <summary>Checks the seed as a whole and builds the catalog; throws listing every problem found.</summary>
    public static ProcedureCatalog Create(IReadOnlyList<Province> provinces, IReadOnlyList<Agency> agencies, IReadOnlyList<Procedure> procedures)
    {
        var problems = new List<string>();
        CheckProvinces(provinces, problems);
        var provinceCodes = provinces.Select(p => p.Code).ToHashSet(StringComparer.Ordinal);
        CheckAgencies(agencies, provinceCodes, problems);
        var agenciesById = agencies.DistinctBy(a => a.Id).ToDictionary(a => a.Id, StringComparer.Ordinal);
        CheckProcedures(procedures, agenciesById, provinceCodes, problems);
        if (problems.Count > 0)
        {
            throw new InvalidOperationException($"The procedure catalog is invalid:{Environment.NewLine}{string.Join(Environment.NewLine, problems)}");
        }

        IReadOnlyList<string> provinceNames = [.. provinces.Select(p => p.Name)];
        var complete = procedures
            .Select(p => p with { Fields = [.. p.Fields.Select(f => f.Type == FieldType.Province ? f with { Options = provinceNames } : f)] })
            .OrderBy(p => p.Name, VietnameseOrder)
            .ThenBy(p => p.Code, StringComparer.Ordinal)
            .ToArray();
        return new ProcedureCatalog(provinces, agencies, complete);
    }

    public Procedure? FindProcedure(string code) => _procedures.GetValueOrDefault(code);

    public Agency? FindAgency(string id) => _agencies.GetValueOrDefault(id);

    /// <summary>
    /// Procedures whose name or code contains every word of <paramref name="query"/>, ignoring case and diacritics,
    /// optionally only those of one agency or level; in catalog order.
    /// </summary>
    /// <param name="query">Well-formed text (<see cref="SearchText.IsWellFormed"/>); blank matches everything.</param>
    public IReadOnlyList<Procedure> Search(string? query, string? agencyId = null, ServiceLevel? level = null)
    {
        var words = SearchText.Words(query);
        return [.. _index
            .Where(entry => (agencyId is null || entry.Procedure.AgencyIds.Contains(agencyId))
                && (level is null || entry.Procedure.Level == level)
                && words.All(word => entry.Text.Contains(word, StringComparison.Ordinal)))
            .Select(entry => entry.Procedure)];
    }

    /// <summary>
    /// The agency a dossier of a non-fan-out procedure goes to: its only agency or, where regional bodies share the
    /// procedure (electricity: one EVN corporation per province), the one serving <paramref name="province"/>, the
    /// value of the procedure's province field. Null for a fan-out procedure (the applicant picks) or an unknown province.
    /// </summary>
    public Agency? ResponsibleAgency(Procedure procedure, string? province)
    {
        if (procedure.FanOut)
        {
            return null;
        }

        if (procedure.AgencyIds is [var only])
        {
            return _agencies[only];
        }

        return province is not null && _provincesByName.TryGetValue(province, out var chosen)
            ? procedure.AgencyIds.Select(id => _agencies[id]).Single(a => a.ServesProvinceCodes?.Contains(chosen.Code) == true)
            : null;
    }

    private static T ReadSeed<T>(string name)
    {
        var resource = $"MotCua.Catalog.Data.{name}.json";
        using var stream = Assembly.GetExecutingAssembly().GetManifestResourceStream(resource)
            ?? throw new InvalidOperationException($"The embedded resource {resource} is missing.");
        return JsonSerializer.Deserialize<T>(stream, SeedJson) ?? throw new InvalidOperationException($"{resource} is empty.");
    }

    private static void CheckProvinces(IReadOnlyList<Province> provinces, List<string> problems)
    {
        foreach (var province in provinces)
        {
            Expect(ProvinceCodePattern().IsMatch(province.Code), $"Province code '{province.Code}' is not two digits.", problems);
            CheckText(province.Name, $"province {province.Code} name", problems);
        }

        CheckUnique(provinces.Select(p => p.Code), "province code", problems);
        CheckUnique(provinces.Select(p => p.Name), "province name", problems);
    }

    private static void CheckAgencies(IReadOnlyList<Agency> agencies, HashSet<string> provinceCodes, List<string> problems)
    {
        foreach (var agency in agencies)
        {
            Expect(SlugPattern().IsMatch(agency.Id), $"Agency id '{agency.Id}' is not a lowercase slug.", problems);
            CheckText(agency.Name, $"agency {agency.Id} name", problems);
            foreach (var code in (agency.ServesProvinceCodes ?? []).Append(agency.ProvinceCode).OfType<string>())
            {
                Expect(provinceCodes.Contains(code), $"Agency {agency.Id} refers to unknown province '{code}'.", problems);
            }
        }

        CheckUnique(agencies.Select(a => a.Id), "agency id", problems);
    }

    private static void CheckProcedures(IReadOnlyList<Procedure> procedures, Dictionary<string, Agency> agencies,
        HashSet<string> provinceCodes, List<string> problems)
    {
        foreach (var procedure in procedures)
        {
            var at = $"procedure {procedure.Code}";
            Expect(SlugPattern().IsMatch(procedure.Code), $"Procedure code '{procedure.Code}' is not a lowercase slug.", problems);
            CheckText(procedure.Name, $"{at} name", problems);
            CheckText(procedure.Description, $"{at} description", problems);
            Expect(procedure.FeeVnd >= 0, $"{at} has a negative fee.", problems);
            Expect(procedure.ProcessingDays >= 1, $"{at} must take at least one working day.", problems);
            Expect(procedure.AgencyIds.Count > 0, $"{at} has no agency.", problems);
            CheckUnique(procedure.AgencyIds, $"{at} agency id", problems);
            foreach (var id in procedure.AgencyIds.Where(id => !agencies.ContainsKey(id)))
            {
                problems.Add($"{at} refers to unknown agency '{id}'.");
            }

            Expect(procedure.Fields.Count > 0, $"{at} has no fields.", problems);
            foreach (var field in procedure.Fields)
            {
                CheckField(field, $"{at} field {field.Key}", problems);
            }

            foreach (var document in procedure.Documents)
            {
                CheckDocument(document, $"{at} document {document.Key}", problems);
            }

            CheckUnique(procedure.Fields.Select(f => f.Key).Concat(procedure.Documents.Select(d => d.Key)), $"{at} key", problems);
            CheckRouting(procedure, agencies, provinceCodes, problems);
        }

        CheckUnique(procedures.Select(p => p.Code), "procedure code", problems);
    }

    private static void CheckField(ProcedureField field, string at, List<string> problems)
    {
        Expect(KeyPattern().IsMatch(field.Key), $"{at}: the key is not camelCase ASCII.", problems);
        CheckText(field.Label, $"{at} label", problems);
        if (field.Type == FieldType.Select)
        {
            Expect(field.Options is { Count: > 0 }, $"{at}: a select needs options.", problems);
            foreach (var option in field.Options ?? [])
            {
                CheckText(option, $"{at} option", problems);
            }

            CheckUnique(field.Options ?? [], $"{at} option", problems);
        }
        else
        {
            // Province options come from provinces.json, the one list of provinces.
            Expect(field.Options is null, $"{at}: only a select lists options.", problems);
        }

        if (field.Pattern is not null)
        {
            Expect(field.Type == FieldType.Text, $"{at}: only a text field has a pattern.", problems);
            // Anchored, so that the server's Regex.IsMatch and the browser's pattern attribute agree.
            Expect(field.Pattern.StartsWith('^') && field.Pattern.EndsWith('$') && IsRegex(field.Pattern),
                $"{at}: the pattern is not an anchored regular expression (^…$).", problems);
        }
    }

    private static void CheckDocument(ProcedureDocument document, string at, List<string> problems)
    {
        Expect(KeyPattern().IsMatch(document.Key), $"{at}: the key is not camelCase ASCII.", problems);
        // The multipart part named "dossier" carries the dossier itself (API.md).
        Expect(document.Key != "dossier", $"{at}: 'dossier' is reserved.", problems);
        CheckText(document.Label, $"{at} label", problems);
        Expect(document.Accept.Count > 0, $"{at} accepts nothing.", problems);
        foreach (var type in document.Accept.Where(t => !AllowedContentTypes.Contains(t)))
        {
            problems.Add($"{at} accepts '{type}', which dossiers may not carry.");
        }

        CheckUnique(document.Accept, $"{at} content type", problems);
    }

    /// <summary>A dossier must reach exactly one agency unless the applicant picks (fan-out).</summary>
    private static void CheckRouting(Procedure procedure, Dictionary<string, Agency> agencies, HashSet<string> provinceCodes, List<string> problems)
    {
        var at = $"procedure {procedure.Code}";
        if (procedure.FanOut)
        {
            Expect(procedure.AgencyIds.Count > 1, $"{at} fans out to fewer than two agencies.", problems);
            return;
        }

        if (procedure.AgencyIds.Count < 2)
        {
            return;
        }

        Expect(procedure.Fields.Count(f => f is { Type: FieldType.Province, Required: true }) == 1,
            $"{at} is shared by regional agencies, so it needs exactly one required province field.", problems);
        var served = procedure.AgencyIds
            .SelectMany(id => agencies.TryGetValue(id, out var agency) ? agency.ServesProvinceCodes ?? [] : [])
            .CountBy(code => code)
            .ToDictionary(pair => pair.Key, pair => pair.Value, StringComparer.Ordinal);
        foreach (var code in provinceCodes.Where(code => served.GetValueOrDefault(code) != 1))
        {
            problems.Add($"{at}: province {code} is served by {served.GetValueOrDefault(code)} of its agencies, not one.");
        }
    }

    private static void CheckText(string text, string what, List<string> problems)
    {
        Expect(!string.IsNullOrWhiteSpace(text), $"The {what} is blank.", problems);
        Expect(SearchText.IsWellFormed(text) && text.IsNormalized(NormalizationForm.FormC), $"The {what} is not clean NFC text.", problems);
    }

    private static void CheckUnique(IEnumerable<string> values, string what, List<string> problems)
    {
        foreach (var duplicate in values.CountBy(v => v, StringComparer.Ordinal).Where(pair => pair.Value > 1))
        {
            problems.Add($"Duplicate {what} '{duplicate.Key}'.");
        }
    }

    private static bool IsRegex(string pattern)
    {
        try
        {
            _ = new Regex(pattern, RegexOptions.None, TimeSpan.FromSeconds(1));
            return true;
        }
        catch (ArgumentException)
        {
            return false;
        }
    }

    private static void Expect(bool condition, string problem, List<string> problems)
    {
        if (!condition)
        {
            problems.Add(problem);
        }
    }

    [GeneratedRegex("^[a-z0-9]+(-[a-z0-9]+)*$")]
    private static partial Regex SlugPattern();

    [GeneratedRegex("^[a-z][a-zA-Z0-9]*$")]
    private static partial Regex KeyPattern();

    [GeneratedRegex("^[0-9]{2}$")]
    private static partial Regex ProvinceCodePattern();
}
