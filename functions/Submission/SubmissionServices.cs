using Microsoft.Extensions.Options;
using MotCua.Vietnam;

namespace MotCua.Submission;

internal static class SubmissionServices
{
    public static IServiceCollection AddSubmission(this IServiceCollection services)
    {
        services.AddOptions<HolidaysOptions>().BindConfiguration(HolidaysOptions.Section).ValidateOnStart();
        services.AddSingleton<IValidateOptions<HolidaysOptions>, HolidaysOptionsValidator>();
        services.AddSingleton<WorkingDays>();
        services.AddSingleton<IdempotencyKeys>();
        return services;
    }
}
