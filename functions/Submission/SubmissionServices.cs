using MotCua.Vietnam;

namespace MotCua.Submission;

internal static class SubmissionServices
{
    public static IServiceCollection AddSubmission(this IServiceCollection services) => services
        .AddSingleton<WorkingDays>()
        .AddSingleton<IdempotencyKeys>();
}
