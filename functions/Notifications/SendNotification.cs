// Queue function on `notify`: one e-mail to an applicant (NotificationSender), retried by the queue (host.json maxDequeueCount,
// then `notify-poison`).
using System.Globalization;
using Microsoft.Azure.Functions.Worker;
using MotCua.Storage;

namespace MotCua.Notifications;

internal sealed class SendNotification(NotificationSender sender)
{
    [Function(nameof(SendNotification))]
    public Task RunAsync([QueueTrigger(StorageNames.NotifyQueue, Connection = StorageAccount.ConnectionSetting)] NotifyMessage message,
        FunctionContext context, CancellationToken cancellationToken) =>
        sender.SendAsync(message ?? throw new ArgumentNullException(nameof(message), "The notify message is JSON null."), DequeueCount(context),
            cancellationToken);

    /// <summary>How many times the host has handed this message out, this time included (trigger metadata <c>DequeueCount</c>).</summary>
    private static int DequeueCount(FunctionContext context) =>
        context.BindingContext.BindingData.TryGetValue("DequeueCount", out var count)
        && int.TryParse(Convert.ToString(count, CultureInfo.InvariantCulture), NumberStyles.Integer, CultureInfo.InvariantCulture, out var n)
            ? n
            : 1;
}
