namespace MotCua.Feedback;

internal static class FeedbackServices
{
    public static IServiceCollection AddFeedback(this IServiceCollection services)
    {
        services.AddOptions<FeedbackOptions>().BindConfiguration(FeedbackOptions.Section);
        services.AddScoped<AnswerFeedback>();
        return services;
    }
}
