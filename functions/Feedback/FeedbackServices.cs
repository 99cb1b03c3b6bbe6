using MotCua.Status;

namespace MotCua.Feedback;

internal static class FeedbackServices
{
    public static IServiceCollection AddFeedback(this IServiceCollection services)
    {
        services.AddOptions<FeedbackOptions>().BindConfiguration(FeedbackOptions.Section);
        services.AddSingleton<IAgencyEventHandler, AnswerFeedback>();
        return services;
    }
}
