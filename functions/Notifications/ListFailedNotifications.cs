// GET /api/ops/notifications?state=failed: the e-mails to applicants that every attempt the queue allows failed to send, from the
// index partition `notifications-failed`, each described by a point read of its row (why its last attempt failed).
using Azure.Data.Tables;
using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.Azure.Functions.Worker;
using MotCua.Hosting;
using MotCua.Storage;
using MotCua.Vietnam;

namespace MotCua.Notifications;

internal sealed record FailedNotification(string DossierId, string Event, string Channel, int Attempts, DateTimeOffset? LastAttemptAt, string? LastError);

internal sealed record FailedNotifications(IReadOnlyList<FailedNotification> Items);

internal sealed class ListFailedNotifications(Indexes indexes, TableServiceClient tables)
{
    /// <summary>The most one answer lists: each costs a point read.</summary>
    public const int Limit = 200;

    private readonly TableClient _dossiers = tables.GetTableClient(StorageNames.DossiersTable);

    [Function(nameof(ListFailedNotifications))]
    public async Task<Results<Ok<FailedNotifications>, ValidationProblem>> Run(
        [HttpTrigger(AuthorizationLevel.Function, "get", Route = "ops/notifications")] HttpRequest request, CancellationToken cancellationToken)
    {
        if (request.Query["state"] != NotificationStates.Failed)
        {
            return Problems.Invalid("state", "Chỉ hỗ trợ liệt kê các thư không gửi được (state=failed).");
        }

        var listed = await indexes.FirstAsync(Indexes.FailedNotificationsPartition, Limit, cancellationToken);

        var rows = await Task.WhenAll(listed.Select(index =>
            _dossiers.GetEntityIfExistsAsync<NotificationRow>(index.ItemId, index.NotificationKey!, cancellationToken: cancellationToken)));
        return TypedResults.Ok(new FailedNotifications([.. rows
            .Where(found => found.HasValue && found.Value!.State == NotificationStates.Failed)
            .Select(found => found.Value!)
            .Select(n => new FailedNotification(n.PartitionKey, n.Event, "email", n.Attempts, n.LastAttemptAt is { } at ? VietnamTime.Of(at) : null, n.LastError))
            .OrderByDescending(n => n.LastAttemptAt)]));
    }
}
