namespace MotCua.Feedback;

/// <summary>Section <c>Feedback</c> (checked at start: AddFeedback).</summary>
public sealed class FeedbackOptions
{
    public const string Section = "Feedback";

    /// <summary>Where feedback goes when neither an agency nor a single-agency procedure is named: the portal's operator.</summary>
    public string DefaultAgencyId { get; set; } = "vpcp";
}
