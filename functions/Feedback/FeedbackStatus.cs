namespace MotCua.Feedback;

/// <summary>A feedback item's journey: received, forwarded to the responsible agency, answered.</summary>
internal static class FeedbackStatus
{
    public const string Received = "received";
    public const string Forwarded = "forwarded";
    public const string Answered = "answered";

    public static string Label(string status) => status switch
    {
        Received => "Đã tiếp nhận",
        Forwarded => "Đã chuyển cơ quan có thẩm quyền",
        Answered => "Đã trả lời",
        _ => status,
    };
}

/// <summary>The kinds of feedback API.md names, with their Vietnamese names.</summary>
internal static class FeedbackCategory
{
    public static readonly IReadOnlyDictionary<string, string> Names = new Dictionary<string, string>(StringComparer.Ordinal)
    {
        ["regulation"] = "Quy định hành chính",
        ["conduct"] = "Hành vi của cán bộ, công chức",
        ["procedure"] = "Thủ tục hành chính",
    };
}
