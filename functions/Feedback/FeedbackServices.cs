using MotCua.Catalog;
using MotCua.Status;

namespace MotCua.Feedback;

internal static class FeedbackServices
{
    public static IServiceCollection AddFeedback(this IServiceCollection services)
    {
        services.AddOptions<FeedbackOptions>()
            .BindConfiguration(FeedbackOptions.Section)
            .Validate<ProcedureCatalog>((options, catalog) => catalog.FindAgency(options.DefaultAgencyId) is not null,
                "Feedback:DefaultAgencyId (Feedback__DefaultAgencyId) must be the id of an agency in the catalog (functions/Catalog/Data/agencies.json).")
            .ValidateOnStart();
        services.AddSingleton<IAgencyEventHandler, AnswerFeedback>();
        return services;
    }
}
