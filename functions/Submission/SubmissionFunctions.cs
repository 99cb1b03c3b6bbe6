using Microsoft.Extensions.DependencyInjection.Extensions;
using Azure.Storage.Queues;
using MotCua.Hosting;
using MotCua.Storage;
using MotCua.Webhooks;

namespace MotCua.Submission;

internal static class SubmissionFunctions
{
    public static FunctionRegistry AddSubmissionFunctions(this FunctionRegistry functions) => functions
        .AddHttp(nameof(SubmitDossier), "POST", "dossiers", AuthLevel.Anonymous, SubmitDossier.HandleAsync)
        .AddHttp(nameof(SubmitSupplement), "POST", "dossiers/{id}/supplements", AuthLevel.Anonymous, SubmitSupplement.HandleAsync)
        .AddQueue<ForwardDossier, DeliverMessage>(nameof(ForwardDossier), StorageNames.DeliverQueue)
        .AddTimer<OutboxSweep>(nameof(OutboxSweep), OutboxSweep.Schedule);

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
        services.AddScoped<SubmitDossier>();
        services.AddScoped<SubmitSupplement>();
        return services;
    }
}
