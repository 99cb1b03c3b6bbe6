using MotCua.Hosting;

namespace MotCua.Feedback;

internal static class FeedbackFunctions
{
    public static FunctionRegistry AddFeedbackFunctions(this FunctionRegistry functions) => functions
        .AddHttp(nameof(SubmitFeedback), "POST", "feedback", AuthLevel.Anonymous, SubmitFeedback.HandleAsync)
        .AddHttp(nameof(PublishedFeedback), "GET", "feedback/published", AuthLevel.Anonymous, PublishedFeedback.HandleAsync)
        .AddHttp(nameof(GetFeedback), "GET", "feedback/{id}", AuthLevel.Anonymous, GetFeedback.HandleAsync)
        .AddHttp(nameof(RateDossier), "POST", "dossiers/{id}/rating", AuthLevel.Anonymous, RateDossier.HandleAsync);

    public static IServiceCollection AddFeedback(this IServiceCollection services)
    {
        services.AddOptions<FeedbackOptions>().BindConfiguration(FeedbackOptions.Section);
        services.AddScoped<SubmitFeedback>();
        services.AddScoped<AnswerFeedback>();
        return services;
    }
}
