// Checks a submitted dossier against its procedure's field and document schema and the Vietnamese
// identifier formats; collects every problem under its field path, with messages in Vietnamese.
using System.Diagnostics;
using System.Globalization;
using System.Text.Json;
using System.Text.Json.Serialization;
using System.Text.RegularExpressions;
using Microsoft.AspNetCore.Http.HttpResults;
using MotCua.Catalog;
using MotCua.Documents;
using MotCua.Hosting;
using MotCua.Storage;
using MotCua.Vietnam;

namespace MotCua.Submission;

internal sealed record ApplicantInput(string? Kind, string? FullName, string? IdNumber, string? TaxCode, string? Phone, string? Email, string? Address);

internal sealed record DossierInput(string? ProcedureCode, ApplicantInput? Applicant, Dictionary<string, JsonElement>? Fields, List<string>? AgencyIds,
    Dictionary<string, string>? Reuse, bool? Notify);

/// <summary>The applicant as stored and as sent to agencies: normalised, validated.</summary>
internal sealed record Applicant(
    string Kind,
    string FullName,
    [property: JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)] string? IdNumber,
    [property: JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)] string? TaxCode,
    string Phone,
    [property: JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)] string? Email,
    [property: JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)] string? Address);

/// <param name="Reuse">Documents of the procedure answered by a document of the account's store instead of a file: key → document id.</param>
/// <param name="Notify">Whether the applicant is told of its progress by e-mail: an address given and no <c>"notify": false</c>.</param>
internal sealed record ValidDossier(Procedure Procedure, Applicant Applicant, Dictionary<string, object> Fields, IReadOnlyList<Agency> Agencies,
    IReadOnlyList<ValidFile> Files, IReadOnlyDictionary<string, string> Reuse, bool Notify);

/// <param name="today">Today on Vietnam's clock: a field marked <c>notFuture</c> takes no later day.</param>
internal sealed class DossierValidation(ProcedureCatalog catalog, DateOnly today)
{
    public const int MaxTextLength = 1000;

    private static readonly JsonSerializerOptions InputJson = new(JsonSerializerDefaults.Web)
    {
        UnmappedMemberHandling = JsonUnmappedMemberHandling.Disallow,
        MaxDepth = 8,
    };

    private readonly Dictionary<string, List<string>> _errors = new(StringComparer.Ordinal);

    /// <summary>
    /// The dossier JSON read and checked against its procedure: a valid dossier; or 400 with every error (a malformed
    /// document or a wrong type names its path); or 415 for a file of the wrong type.
    /// </summary>
    public Checked<ValidDossier> Check(string? json, IReadOnlyList<UploadedFile> files) => Parse(json) switch
    {
        Checked<DossierInput>.Passed(var input) => Validate(input, files),
        Checked<DossierInput>.Invalid(var problem) => problem,
        _ => throw new UnreachableException(),
    };

    /// <summary>Parses the dossier JSON; a malformed document or a wrong type is a 400 naming the path.</summary>
    private static Checked<DossierInput> Parse(string? json)
    {
        if (string.IsNullOrWhiteSpace(json))
        {
            return Problems.Invalid("dossier", "Thiếu nội dung hồ sơ.");
        }

        JsonDocument document;
        try
        {
            document = JsonDocument.Parse(json, new JsonDocumentOptions { MaxDepth = InputJson.MaxDepth });
        }
        catch (JsonException)
        {
            return Problems.Invalid("dossier", "Hồ sơ không phải là JSON hợp lệ.");
        }

        using (document)
        {
            try
            {
                return document.RootElement.ValueKind == JsonValueKind.Object && document.Deserialize<DossierInput>(InputJson) is { } input
                    ? new Checked<DossierInput>.Passed(input)
                    : Problems.Invalid("dossier", "Hồ sơ phải là một đối tượng JSON.");
            }
            catch (JsonException ex)
            {
                var path = string.IsNullOrEmpty(ex.Path) || ex.Path == "$" ? "dossier" : ex.Path.TrimStart('$', '.');
                return Problems.Invalid(path, "Dữ liệu JSON không đúng kiểu hoặc có trường không được phép.");
            }
        }
    }

    private Checked<ValidDossier> Validate(DossierInput input, IReadOnlyList<UploadedFile> files)
    {
        var procedure = input.ProcedureCode is { } code ? catalog.FindProcedure(code) : null;
        if (procedure is null)
        {
            Add("procedureCode", input.ProcedureCode is null ? "Thiếu mã thủ tục." : "Không có thủ tục với mã này.");
            return Problem();
        }

        var reuse = CheckReuse(procedure, input.Reuse ?? [], files);
        var (validFiles, unsupported) = CheckFiles(procedure, files, requireAll: true, reuse.Keys);
        if (unsupported is not null)
        {
            return unsupported;
        }

        var applicant = CheckApplicant(input.Applicant);
        var fields = CheckFields(procedure, input.Fields ?? []);
        var agencies = CheckAgencies(procedure, input.AgencyIds, fields);
        return _errors.Count > 0 || applicant is null
            ? Problem()
            : new Checked<ValidDossier>.Passed(new ValidDossier(procedure, applicant, fields, agencies, validFiles, reuse,
                Notify: applicant.Email is not null && input.Notify != false));
    }

    private ValidationProblem Problem() => TypedResults.ValidationProblem(
        _errors.ToDictionary(e => e.Key, e => e.Value.ToArray()), title: "Dữ liệu không hợp lệ",
        detail: "Hồ sơ chưa hợp lệ; xem chi tiết từng trường trong errors.");

    private void Add(string path, string message)
    {
        if (!_errors.TryGetValue(path, out var messages))
        {
            _errors[path] = messages = [];
        }

        messages.Add(message);
    }

    private string? Text(string path, string? value, bool required, int maxLength)
    {
        if (string.IsNullOrWhiteSpace(value))
        {
            if (required)
            {
                Add(path, "Không được để trống.");
            }

            return null;
        }

        var text = VietnameseText.Normalize(value);
        if (text.Length > maxLength)
        {
            Add(path, $"Không được dài quá {maxLength} ký tự.");
        }
        else if (VietnameseText.ContainsControlCharacters(text))
        {
            Add(path, "Có ký tự điều khiển không hợp lệ.");
        }

        return text;
    }

    private Applicant? CheckApplicant(ApplicantInput? input)
    {
        if (input is null)
        {
            Add("applicant", "Thiếu thông tin người nộp hồ sơ.");
            return null;
        }

        var kind = input.Kind;
        if (kind is not ("citizen" or "business"))
        {
            Add("applicant.kind", "Phải là \"citizen\" (công dân) hoặc \"business\" (doanh nghiệp).");
        }

        var fullName = Text("applicant.fullName", input.FullName, required: true, maxLength: kind == "business" ? 200 : 100);
        string? idNumber = null, taxCode = null;
        if (kind == "citizen")
        {
            idNumber = Identifier("applicant.idNumber", input.IdNumber, Identifiers.ValidateIdNumber, "Thiếu số định danh cá nhân (12 chữ số).");
            ForbidOther("applicant.taxCode", input.TaxCode, "Công dân dùng số định danh cá nhân (idNumber), không dùng mã số thuế.");
        }
        else if (kind == "business")
        {
            taxCode = Identifier("applicant.taxCode", input.TaxCode, Identifiers.ValidateTaxCode, "Thiếu mã số thuế của doanh nghiệp.");
            ForbidOther("applicant.idNumber", input.IdNumber, "Doanh nghiệp dùng mã số thuế (taxCode), không dùng số định danh cá nhân.");
        }

        var phone = Identifier("applicant.phone", input.Phone, Identifiers.ValidatePhone, "Thiếu số điện thoại di động.");
        var email = string.IsNullOrWhiteSpace(input.Email) ? null : Identifier("applicant.email", input.Email, Identifiers.ValidateEmail, "");
        var address = Text("applicant.address", input.Address, required: false, maxLength: 300);
        return kind is null || fullName is null || phone is null || (idNumber ?? taxCode) is null
            ? null
            : new Applicant(kind, fullName, idNumber, taxCode, Identifiers.NormalizePhone(phone), email, address);
    }

    private void ForbidOther(string path, string? value, string message)
    {
        if (!string.IsNullOrEmpty(value))
        {
            Add(path, message);
        }
    }

    private string? Identifier(string path, string? value, Func<string, string?> validate, string missing)
    {
        if (string.IsNullOrWhiteSpace(value))
        {
            Add(path, missing);
            return null;
        }

        var text = value.Trim();
        if (validate(text) is { } message)
        {
            Add(path, message);
            return null;
        }

        return text;
    }

    private Dictionary<string, object> CheckFields(Procedure procedure, Dictionary<string, JsonElement> values)
    {
        var fields = new Dictionary<string, object>(StringComparer.Ordinal);
        foreach (var key in values.Keys.Where(key => procedure.Fields.All(f => f.Key != key)))
        {
            Add($"fields.{key}", "Trường này không có trong biểu mẫu của thủ tục.");
        }

        foreach (var field in procedure.Fields)
        {
            var path = $"fields.{field.Key}";
            if (!values.TryGetValue(field.Key, out var value) || value.ValueKind is JsonValueKind.Null
                || (value.ValueKind == JsonValueKind.String && string.IsNullOrWhiteSpace(value.GetString())))
            {
                if (field.Required)
                {
                    Add(path, $"Vui lòng nhập \"{field.Label}\".");
                }

                continue;
            }

            if (CheckField(path, field, value) is { } accepted)
            {
                fields[field.Key] = accepted;
            }
        }

        return fields;
    }

    private object? CheckField(string path, ProcedureField field, JsonElement value)
    {
        switch (field.Type)
        {
            case FieldType.Number when value.ValueKind == JsonValueKind.Number && value.TryGetDecimal(out var number) && number >= 0:
                return number;
            case FieldType.Number:
                Add(path, "Phải là một số không âm.");
                return null;
            case FieldType.Checkbox when value.ValueKind is JsonValueKind.True or JsonValueKind.False:
                if (field.Required && !value.GetBoolean())
                {
                    Add(path, $"Cần xác nhận \"{field.Label}\".");
                }

                return value.GetBoolean();
            case FieldType.Checkbox:
                Add(path, "Phải là true hoặc false.");
                return null;
            case not FieldType.Number and not FieldType.Checkbox when value.ValueKind != JsonValueKind.String:
                Add(path, "Phải là một chuỗi ký tự.");
                return null;
        }

        var text = Text(path, value.GetString(), field.Required, MaxTextLength);
        if (text is null)
        {
            return null;
        }

        if ((TextProblem(field, text) ?? FutureProblem(field, text)) is { } problem)
        {
            Add(path, problem);
            return null;
        }

        return text;
    }

    /// <summary>What is wrong with the text of a date, select, province or text field, by its type; null when nothing is.</summary>
    internal static string? TextProblem(ProcedureField field, string text) => field.Type switch
    {
        FieldType.Date => DateOnly.TryParseExact(text, "yyyy-MM-dd", CultureInfo.InvariantCulture, DateTimeStyles.None, out _)
            ? null : "Ngày phải có dạng yyyy-MM-dd.",
        FieldType.Select or FieldType.Province => field.Options?.Contains(text, StringComparer.Ordinal) == true
            ? null : "Giá trị không nằm trong danh sách cho phép.",
        _ => field.Pattern is { } pattern && !Matches(text, pattern) ? $"\"{field.Label}\" không đúng định dạng." : null,
    };

    /// <summary>A day after today in a field whose procedure says it cannot be (an issue date, an invoice date).</summary>
    private string? FutureProblem(ProcedureField field, string text) =>
        field is { Type: FieldType.Date, NotFuture: true } && DateOnly.ParseExact(text, "yyyy-MM-dd", CultureInfo.InvariantCulture) > today
            ? $"\"{field.Label}\" không được sau ngày hôm nay." : null;

    private static bool Matches(string text, string pattern)
    {
        try
        {
            return Regex.IsMatch(text, pattern, RegexOptions.CultureInvariant, TimeSpan.FromMilliseconds(100));
        }
        catch (RegexMatchTimeoutException)
        {
            return false;
        }
    }

    private List<Agency> CheckAgencies(Procedure procedure, List<string>? agencyIds, Dictionary<string, object> fields)
    {
        if (procedure.FanOut)
        {
            return ChosenAgencies(procedure, agencyIds);
        }

        if (agencyIds is { Count: > 0 })
        {
            Add("agencyIds", "Thủ tục này không chọn cơ quan; hồ sơ được chuyển đến cơ quan có thẩm quyền.");
            return [];
        }

        return ResponsibleAgency(procedure, fields) is { } responsible ? [responsible] : [];
    }

    /// <summary>A fan-out procedure: the agencies the applicant chose, at least one, each once, each one that takes the procedure.</summary>
    private List<Agency> ChosenAgencies(Procedure procedure, List<string>? agencyIds)
    {
        if (agencyIds is not { Count: > 0 })
        {
            Add("agencyIds", "Chọn ít nhất một cơ quan nhận hồ sơ.");
            return [];
        }

        if (agencyIds.Distinct(StringComparer.Ordinal).Count() != agencyIds.Count)
        {
            Add("agencyIds", "Mỗi cơ quan chỉ được chọn một lần.");
        }

        var chosen = new List<Agency>();
        for (var i = 0; i < agencyIds.Count; i++)
        {
            if (procedure.AgencyIds.Contains(agencyIds[i], StringComparer.Ordinal) && catalog.FindAgency(agencyIds[i]) is { } agency)
            {
                chosen.Add(agency);
            }
            else
            {
                Add($"agencyIds[{i}]", "Cơ quan này không tiếp nhận thủ tục đã chọn.");
            }
        }

        return chosen;
    }

    /// <summary>Any other procedure: the agency the catalog routes it to, by the province field where it has one.</summary>
    private Agency? ResponsibleAgency(Procedure procedure, Dictionary<string, object> fields)
    {
        var provinceField = procedure.Fields.FirstOrDefault(f => f.Type == FieldType.Province);
        var province = provinceField is not null && fields.TryGetValue(provinceField.Key, out var value) ? value as string : null;
        if (catalog.ResponsibleAgency(procedure, province) is { } responsible)
        {
            return responsible;
        }

        if (provinceField is null)
        {
            Add("procedureCode", "Thủ tục chưa có cơ quan tiếp nhận.");
        }
        else if (province is not null)
        {
            Add($"fields.{provinceField.Key}", "Chưa có cơ quan nào tiếp nhận thủ tục này tại tỉnh, thành phố đã chọn.");
        }

        return null;
    }

    /// <summary>Supplements: files answering the procedure's documents, of accepted types; at least one.</summary>
    public Checked<List<ValidFile>> ValidateSupplement(Procedure procedure, IReadOnlyList<UploadedFile> files)
    {
        if (files.Count == 0)
        {
            return Problems.Invalid("files", "Cần ít nhất một tệp bổ sung.");
        }

        var (valid, unsupported) = CheckFiles(procedure, files, requireAll: false, []);
        return unsupported is not null ? unsupported : _errors.Count > 0 ? Problem() : new Checked<List<ValidFile>>.Passed(valid);
    }

    /// <summary>The files that answer a document of the procedure; or, for the first whose content is not of a type its document accepts, 415.</summary>
    /// <summary>
    /// The documents to take from the account's store: each names a document of the procedure not also uploaded, and a well-formed
    /// document id. Whether the document is the account's and of an accepted type is checked against the store at submission.
    /// </summary>
    private Dictionary<string, string> CheckReuse(Procedure procedure, Dictionary<string, string> reuse, IReadOnlyList<UploadedFile> files)
    {
        var valid = new Dictionary<string, string>(StringComparer.Ordinal);
        foreach (var (key, documentId) in reuse)
        {
            var path = $"reuse.{key}";
            if (procedure.Documents.All(d => d.Key != key))
            {
                Add(path, $"Thủ tục không có giấy tờ \"{key}\".");
            }
            else if (files.Any(f => f.PartName == key))
            {
                Add(path, "Giấy tờ này đã được tải lên; không thể vừa tải lên vừa dùng giấy tờ đã có.");
            }
            else if (!DocumentRow.IsWellFormedId(documentId))
            {
                Add(path, "Mã giấy tờ không hợp lệ.");
            }
            else
            {
                valid[key] = documentId;
            }
        }

        return valid;
    }

    private (List<ValidFile> Files, ProblemHttpResult? Unsupported) CheckFiles(Procedure procedure, IReadOnlyList<UploadedFile> files, bool requireAll,
        IEnumerable<string> reused)
    {
        var valid = new List<ValidFile>();
        for (var i = 0; i < files.Count; i++)
        {
            var file = files[i];
            var document = procedure.Documents.FirstOrDefault(d => d.Key == file.PartName);
            if (document is null)
            {
                Add($"files[{i}]", $"Thủ tục không có giấy tờ \"{file.PartName}\".");
                continue;
            }

            var type = FileTypes.Detect(file.Content);
            file.Content.Position = 0;
            if (type is null || !document.Accept.Contains(type, StringComparer.Ordinal))
            {
                return (valid, Unsupported(i, file, document));
            }

            valid.Add(new ValidFile(file, document.Key, type, FileTypes.SafeFileName(file.FileName)));
        }

        foreach (var document in procedure.Documents.Where(d => requireAll && d.Required && files.All(f => f.PartName != d.Key) && !reused.Contains(d.Key)))
        {
            Add($"documents.{document.Key}", $"Thiếu giấy tờ bắt buộc \"{document.Label}\".");
        }

        return (valid, null);
    }

    /// <summary>415 for the <paramref name="index"/>th file, whose content is not of a type <paramref name="document"/> accepts.</summary>
    private static ProblemHttpResult Unsupported(int index, UploadedFile file, ProcedureDocument document) => TypedResults.Problem(
        title: "Unsupported Media Type", statusCode: StatusCodes.Status415UnsupportedMediaType,
        detail: $"Tệp thứ {index + 1} (\"{FileTypes.SafeFileName(file.FileName)}\") không phải loại được chấp nhận cho \"{document.Label}\": "
                + "chỉ nhận PDF, JPEG, PNG, DOCX hoặc XLSX theo đúng nội dung tệp.",
        extensions: new Dictionary<string, object?> { ["errors"] = new Dictionary<string, string[]> { [$"files[{index}]"] = ["Loại tệp không được chấp nhận."] } });
}
