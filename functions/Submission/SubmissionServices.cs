using Microsoft.Extensions.DependencyInjection.Extensions;
using Azure.Storage.Queues;
using MotCua.Storage;
using MotCua.Webhooks;

namespace MotCua.Submission;

internal static class SubmissionServices
{
    public static IServiceCollection AddSubmission(this IServiceCollection services)
    {
        services.AddOptions<SubmissionLimits>().BindConfiguration(SubmissionLimits.Section);
        services.AddOptions<OutboxOptions>().BindConfiguration(OutboxOptions.Section);
        services.AddSingleton<WorkingDays>();
        services.AddSingleton<IdempotencyKeys>();
        services.AddSingleton<AttachmentStore>();
        services.AddSingleton<AttachmentLinks>();
        services.AddSingleton<Outbox>();
        services.AddSingleton<Counters>();
        services.AddSingleton<Indexes>();
        services.TryAddKeyedSingleton(StorageNames.DeliverQueue,
            (sp, _) => sp.GetRequiredService<QueueServiceClient>().GetQueueClient(StorageNames.DeliverQueue));
        return services;
    }
}
