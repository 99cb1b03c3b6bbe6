// POST /api/feedback: a phản ánh, kiến nghị about a regulation, a procedure or an official's conduct. Checked
// as the national portal checks comments (at least 10 Vietnamese words written with diacritics, no links),
// routed to the responsible agency and forwarded as a signed feedback.received webhook.
using System.Diagnostics;
using System.Text.Json;
using System.Text.Json.Serialization;
using Azure.Data.Tables;
using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.Extensions.Options;
using Microsoft.Azure.Functions.Worker;
using MotCua.Catalog;
using MotCua.Documents;
using MotCua.Hosting;
using MotCua.Storage;
using MotCua.Vietnam;
using MotCua.Webhooks;

namespace MotCua.Feedback;

internal sealed record ContactInput(string? FullName, string? Email, string? Phone);

internal sealed record FeedbackInput(string? Category, string? Title, string? Content, string? ProcedureCode, string? AgencyId,
    ContactInput? Contact, bool? ConsentToPublish);

internal sealed record Contact(
    string FullName,
    [property: JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)] string? Email,
    [property: JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)] string? Phone);

/// <summary>Feedback that passed its checks: the input normalised, the contact, the agency it is routed to, its files.</summary>
internal sealed record ValidFeedback(FeedbackInput Input, Contact Contact, string AgencyId, IReadOnlyList<ValidFile> Files);

internal sealed record FeedbackReceipt(string Id, string AccessKey, string Status, string AgencyId);

internal sealed class SubmitFeedback(
    ProcedureCatalog catalog,
    AttachmentStore attachments,
    Outbox outbox,
    Counters counters,
    TimeProvider clock,
    IOptions<UploadLimits> limits,
    IOptions<FeedbackOptions> options,
    ILogger<SubmitFeedback> logger)
{
    public const string JsonPart = "feedback";
    public const int MinWords = 10;
    public const int MaxContentLength = 5000;

    private static readonly JsonSerializerOptions InputJson = new(JsonSerializerDefaults.Web)
    {
        UnmappedMemberHandling = JsonUnmappedMemberHandling.Disallow,
        MaxDepth = 4,
    };

    [Function(nameof(SubmitFeedback))]
    public async Task<Results<Created<FeedbackReceipt>, ValidationProblem, ProblemHttpResult>> Run(
        [HttpTrigger(AuthorizationLevel.Anonymous, "post", Route = "feedback")] HttpRequest request, CancellationToken cancellationToken)
    {
        var (upload, refusal) = await DossierUploadReader.ReadAsync(request, limits.Value, allowJson: true, JsonPart, cancellationToken);
        if (upload is null)
        {
            return refusal!.ToProblem();
        }

        await using (upload)
        {
            return Check(upload) switch
            {
                Checked<ValidFeedback>.Passed(var feedback) => await StoreAsync(feedback, cancellationToken),
                Checked<ValidFeedback>.Invalid(var invalid) => invalid,
                Checked<ValidFeedback>.Refused(var refused) => refused,
                _ => throw new UnreachableException(),
            };
        }
    }

    /// <summary>The feedback JSON read, then its files' types and its fields checked.</summary>
    private Checked<ValidFeedback> Check(DossierUpload upload) => Parse(upload.DossierJson) switch
    {
        Checked<FeedbackInput>.Passed(var input) => Check(input, upload.Files),
        Checked<FeedbackInput>.Invalid(var problem) => problem,
        _ => throw new UnreachableException(),
    };

    /// <summary>The feedback JSON; missing, malformed or of a wrong type is a 400 naming the path.</summary>
    internal static Checked<FeedbackInput> Parse(string? json)
    {
        FeedbackInput? input;
        try
        {
            input = string.IsNullOrWhiteSpace(json) ? null : JsonSerializer.Deserialize<FeedbackInput>(json, InputJson);
        }
        catch (JsonException ex)
        {
            var path = string.IsNullOrEmpty(ex.Path) || ex.Path == "$" ? JsonPart : ex.Path.TrimStart('$', '.');
            return Problems.Invalid(path, "Dữ liệu JSON không hợp lệ hoặc sai kiểu dữ liệu.");
        }

        return input is null ? Problems.Invalid(JsonPart, "Thiếu nội dung phản ánh, kiến nghị.") : new Checked<FeedbackInput>.Passed(input);
    }

    /// <summary>Any files of the types a dossier may carry (else 415), then every field (else 400 naming each).</summary>
    private Checked<ValidFeedback> Check(FeedbackInput input, List<UploadedFile> uploaded)
    {
        var files = new List<ValidFile>();
        for (var i = 0; i < uploaded.Count; i++)
        {
            var file = uploaded[i];
            if (FileTypes.Detect(file.Content) is not { } type)
            {
                return Problems.Status(StatusCodes.Status415UnsupportedMediaType,
                    $"Tệp thứ {i + 1} không phải PDF, JPEG, PNG, DOCX hoặc XLSX theo đúng nội dung tệp.");
            }

            file.Content.Position = 0;
            files.Add(new ValidFile(file, "attachment", type, FileTypes.SafeFileName(file.FileName)));
        }

        var errors = new Dictionary<string, string[]>(StringComparer.Ordinal);
        return CheckFields(input, files, errors) is { } valid && errors.Count == 0
            ? new Checked<ValidFeedback>.Passed(valid)
            : TypedResults.ValidationProblem(errors, title: "Dữ liệu không hợp lệ", detail: "Phản ánh, kiến nghị chưa hợp lệ; xem errors.");
    }

    private ValidFeedback? CheckFields(FeedbackInput input, IReadOnlyList<ValidFile> files, Dictionary<string, string[]> errors)
    {
        if (input.Category is null || !FeedbackCategory.Names.ContainsKey(input.Category))
        {
            errors["category"] = ["Chọn một loại: regulation (quy định), conduct (hành vi cán bộ) hoặc procedure (thủ tục)."];
        }

        var title = input.Title is null ? "" : VietnameseText.Normalize(input.Title);
        if (title.Length is < 5 or > 200 || VietnameseText.ContainsControlCharacters(title))
        {
            errors["title"] = ["Tiêu đề cần từ 5 đến 200 ký tự."];
        }

        var content = input.Content is null ? "" : VietnameseText.Normalize(input.Content);
        if (ContentProblem(content) is { } problem)
        {
            errors["content"] = [problem];
        }

        if (input.ProcedureCode is not null && catalog.FindProcedure(input.ProcedureCode) is null)
        {
            errors["procedureCode"] = ["Không có thủ tục với mã này."];
        }

        if (input.AgencyId is not null && catalog.FindAgency(input.AgencyId) is null)
        {
            errors["agencyId"] = ["Không có cơ quan với mã này."];
        }

        if (input.ConsentToPublish is null)
        {
            errors["consentToPublish"] = ["Cho biết có đồng ý công khai nội dung trả lời hay không (true/false)."];
        }

        var contact = CheckContact(input.Contact, errors);
        return errors.Count > 0 || contact is null
            ? null
            : new ValidFeedback(input with { Title = title, Content = content }, contact, Route(input), files);
    }

    /// <summary>The first rule the content breaks, said so the citizen knows what to fix.</summary>
    public static string? ContentProblem(string content)
    {
        if (content.Length > MaxContentLength)
        {
            return $"Nội dung không được dài quá {MaxContentLength} ký tự.";
        }

        if (VietnameseText.ContainsControlCharacters(content, multiline: true))
        {
            return "Nội dung có ký tự điều khiển không hợp lệ.";
        }

        var words = VietnameseText.CountWords(content);
        if (words < MinWords)
        {
            return $"Nội dung cần ít nhất {MinWords} từ (hiện có {words} từ).";
        }

        if (!VietnameseText.HasVietnameseDiacritics(content))
        {
            return "Vui lòng viết bằng tiếng Việt có dấu.";
        }

        return VietnameseText.ContainsLink(content) ? "Nội dung không được chứa đường dẫn (link) hay địa chỉ trang web." : null;
    }

    private static Contact? CheckContact(ContactInput? contact, Dictionary<string, string[]> errors)
    {
        var name = contact?.FullName is null ? "" : VietnameseText.Normalize(contact.FullName);
        if (name.Length is < 2 or > 100 || VietnameseText.ContainsControlCharacters(name))
        {
            errors["contact.fullName"] = ["Họ và tên cần từ 2 đến 100 ký tự."];
        }

        var email = string.IsNullOrWhiteSpace(contact?.Email) ? null : contact.Email.Trim();
        if (email is not null && Identifiers.ValidateEmail(email) is { } emailProblem)
        {
            errors["contact.email"] = [emailProblem];
        }

        var phone = string.IsNullOrWhiteSpace(contact?.Phone) ? null : Identifiers.NormalizePhone(contact.Phone.Trim());
        if (phone is not null && Identifiers.ValidatePhone(phone) is { } phoneProblem)
        {
            errors["contact.phone"] = [phoneProblem];
        }

        return errors.Keys.Any(k => k.StartsWith("contact.", StringComparison.Ordinal)) ? null : new Contact(name, email, phone);
    }

    /// <summary>The chosen agency; else the procedure's agency when it has exactly one; else ops' default.</summary>
    private string Route(FeedbackInput input) =>
        input.AgencyId
        ?? (input.ProcedureCode is { } code && catalog.FindProcedure(code) is { AgencyIds: [var only] } ? only : null)
        ?? options.Value.DefaultAgencyId;

    private async Task<Created<FeedbackReceipt>> StoreAsync(ValidFeedback feedback, CancellationToken cancellationToken)
    {
        var id = FeedbackId.New();
        var accessKey = AccessKey.New();
        var now = clock.GetUtcNow();
        var rows = await Task.WhenAll(feedback.Files.Select(file => attachments.AddAttachmentAsync(id, file, now, cancellationToken)));
        var delivery = new DeliveryRow
        {
            PartitionKey = id, RowKey = DeliveryRow.KeyFor(feedback.AgencyId), DeliveryId = $"{id}-01", AgencyId = feedback.AgencyId,
            Status = FeedbackStatus.Received, UpdatedAt = now,
        };
        var ev = Outbox.NewEvent(id, WebhookEvents.FeedbackReceived, feedback.AgencyId, now, WebhookPayloads.AttachmentData(rows)?.ToJsonString());
        var row = new FeedbackRow
        {
            PartitionKey = id,
            RowKey = FeedbackRow.Key,
            Category = feedback.Input.Category!,
            Title = feedback.Input.Title!,
            Content = feedback.Input.Content!,
            ProcedureCode = feedback.Input.ProcedureCode,
            AgencyId = feedback.AgencyId,
            ContactJson = JsonSerializer.Serialize(feedback.Contact, JsonSerializerOptions.Web),
            ConsentToPublish = feedback.Input.ConsentToPublish!.Value,
            SubmittedAt = now,
            AccessKeyHash = AccessKey.Hash(accessKey),
        };
        var history = HistoryRow.Of(id, now, FeedbackStatus.Received, agencyId: null);

        await outbox.CommitAsync(id,
            new ITableEntity[] { row, delivery, history }.Concat(rows).Select(entity => new TableTransactionAction(TableTransactionActionType.Add, entity)),
            [ev], cancellationToken);
        await counters.AddAsync(FeedbackCounters.Received, cancellationToken: cancellationToken);
        logger.LogInformation("Received feedback {FeedbackId} ({Category}) for {AgencyId}", id, row.Category, feedback.AgencyId);
        return TypedResults.Created($"/api/feedback/{id}", new FeedbackReceipt(id, accessKey, FeedbackStatus.Received, feedback.AgencyId));
    }
}

internal static class FeedbackCounters
{
    public const string Received = "feedback.received";
    public const string Answered = "feedback.answered";
    public const string Ratings = "ratings";
    public const string RatingScoreSum = "ratings.scoreSum";

    public static string RatingScore(int score) => $"ratings.score{score}";
}
