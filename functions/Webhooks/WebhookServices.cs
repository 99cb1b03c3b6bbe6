using Azure.Storage.Queues;
using Microsoft.Extensions.DependencyInjection.Extensions;
using Microsoft.Extensions.Options;
using MotCua.Storage;

namespace MotCua.Webhooks;

internal static class WebhookServices
{
    public static IServiceCollection AddWebhooks(this IServiceCollection services)
    {
        services.AddOptions<WebhooksOptions>()
            .BindConfiguration(WebhooksOptions.Section)
            .Validate(options => options.TimestampToleranceSeconds > 0,
                "Webhooks:TimestampToleranceSeconds (Webhooks__TimestampToleranceSeconds) must be a positive number of seconds.")
            .Validate(options => options.Timeout > TimeSpan.Zero && options.Timeout <= TimeSpan.FromMinutes(10),
                "Webhooks:Timeout (Webhooks__Timeout) must be between 00:00:00 (exclusive) and 00:10:00.")
            .ValidateOnStart();

        services.AddHttpClient(WebhookSender.HttpClientName)
            .ConfigureHttpClient((provider, client) => client.Timeout = provider.GetRequiredService<IOptions<WebhooksOptions>>().Value.Timeout)
            // A redirect is a failed delivery: the portal calls only the URL an agency registered.
            .ConfigurePrimaryHttpMessageHandler(() => new SocketsHttpHandler { AllowAutoRedirect = false, UseCookies = false })
            // The factory's request logs would otherwise be able to show the signature header.
            .RedactLoggedHeaders(static _ => true);
        services.AddOptions<OutboxOptions>()
            .BindConfiguration(OutboxOptions.Section)
            .Validate(options => options.Grace >= TimeSpan.Zero && options.Grace <= OutboxOptions.MaxGrace,
                "Outbox:Grace (Outbox__Grace) must be between 00:00:00 and 1.00:00:00.")
            .ValidateOnStart();
        services.TryAddSingleton<WebhookSender>();
        services.TryAddSingleton<WebhookVerifier>();
        services.AddSingleton<AgencyDirectory>();
        services.AddSingleton<Outbox>();
        services.AddKeyedSingleton(StorageNames.DeliverQueue,
            (sp, _) => sp.GetRequiredService<QueueServiceClient>().GetQueueClient(StorageNames.DeliverQueue));
        services.AddKeyedSingleton(StorageNames.NotifyQueue,
            (sp, _) => sp.GetRequiredService<QueueServiceClient>().GetQueueClient(StorageNames.NotifyQueue));
        return services;
    }
}
