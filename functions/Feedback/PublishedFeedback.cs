// GET /api/feedback/published?page=: answered feedback whose author agreed to publish it, newest first,
// from its own small index table, never from the feedback partitions; no contact details, and numbers or
// e-mail addresses typed into the text are blanked out.
using System.Globalization;
using System.Text.RegularExpressions;
using Azure.Data.Tables;
using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.Azure.Functions.Worker;
using MotCua.Catalog;
using MotCua.Hosting;
using MotCua.Storage;
using MotCua.Vietnam;

namespace MotCua.Feedback;

internal sealed partial class PublishedFeedbackRow : TableRow
{
    public const string Partition = "published";

    public string FeedbackId { get; set; } = "";

    public string Category { get; set; } = "";

    public string Title { get; set; } = "";

    public string Content { get; set; } = "";

    public string AgencyId { get; set; } = "";

    public string? ProcedureCode { get; set; }

    public string Answer { get; set; } = "";

    public DateTimeOffset AnsweredAt { get; set; }

    /// <summary>Newest first: row keys sort ascending, so the key counts down from the end of time.</summary>
    public static string KeyFor(DateTimeOffset answeredAt, string feedbackId) =>
        $"{(DateTimeOffset.MaxValue.UtcTicks - answeredAt.UtcTicks).ToString("D19", CultureInfo.InvariantCulture)}|{feedbackId}";

    /// <summary>The answered feedback as the public sees it: no contact, and personal data typed into the text blanked out.</summary>
    public static PublishedFeedbackRow Of(FeedbackRow feedback, string feedbackId, string answer, DateTimeOffset answeredAt) => new()
    {
        PartitionKey = Partition,
        RowKey = KeyFor(answeredAt, feedbackId),
        FeedbackId = feedbackId,
        Category = feedback.Category,
        Title = Redact(feedback.Title),
        Content = Redact(feedback.Content),
        AgencyId = feedback.AgencyId,
        ProcedureCode = feedback.ProcedureCode,
        Answer = Redact(answer),
        AnsweredAt = answeredAt,
    };

    /// <summary>Blanks out what looks like an e-mail address or a phone, identity or tax number typed into public text.</summary>
    public static string Redact(string text) => PersonalData().Replace(text, "***");

    [GeneratedRegex(@"[\w.+-]+@[\w-]+(\.[\w-]+)+|\+?\d[\d .-]{7,}\d", RegexOptions.CultureInvariant, matchTimeoutMilliseconds: 200)]
    private static partial Regex PersonalData();
}

internal sealed record PublishedItem(string Id, string Category, string CategoryName, string Title, string Content, string AgencyId,
    string AgencyName, string? ProcedureCode, string Answer, DateTimeOffset AnsweredAt);

internal sealed record PublishedPage(int Page, int PageSize, bool HasMore, IReadOnlyList<PublishedItem> Items);

internal sealed class PublishedFeedback(TableServiceClient tables, ProcedureCatalog catalog)
{
    public const int PageSize = 20;
    public const int MaxPage = 500;

    private readonly TableClient _published = tables.GetTableClient(StorageNames.PublishedFeedbackTable);

    [Function(nameof(PublishedFeedback))]
    public async Task<Results<Ok<PublishedPage>, ValidationProblem>> Run(
        [HttpTrigger(AuthorizationLevel.Anonymous, "get", Route = "feedback/published")] HttpRequest request, CancellationToken cancellationToken)
    {
        string? page = request.Query["page"];
        var number = 1;
        if (page is not null && (!int.TryParse(page, NumberStyles.None, CultureInfo.InvariantCulture, out number) || number is < 1 or > MaxPage))
        {
            return Problems.Invalid("page", $"Số trang là số nguyên từ 1 đến {MaxPage}.");
        }

        var items = new List<PublishedItem>();
        var skip = (number - 1) * PageSize;
        await foreach (var row in _published.QueryAsync<PublishedFeedbackRow>(r => r.PartitionKey == PublishedFeedbackRow.Partition,
                           maxPerPage: Math.Min(1000, skip + PageSize + 1), cancellationToken: cancellationToken))
        {
            if (skip-- > 0)
            {
                continue;
            }

            if (items.Count == PageSize)
            {
                return TypedResults.Ok(new PublishedPage(number, PageSize, HasMore: true, items));
            }

            items.Add(new PublishedItem(row.FeedbackId, row.Category, FeedbackCategory.Names.GetValueOrDefault(row.Category, row.Category), row.Title,
                row.Content, row.AgencyId, catalog.FindAgency(row.AgencyId)?.Name ?? row.AgencyId, row.ProcedureCode, row.Answer, VietnamTime.Of(row.AnsweredAt)));
        }

        return TypedResults.Ok(new PublishedPage(number, PageSize, HasMore: false, items));
    }
}
