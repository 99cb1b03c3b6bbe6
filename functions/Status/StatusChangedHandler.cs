// dossier.status_changed: the agency moves its delivery (accepted, processing, supplement_requested, rejected).
using Microsoft.AspNetCore.Http.HttpResults;
using MotCua.Hosting;
using MotCua.Webhooks;

namespace MotCua.Status;

internal sealed record StatusChange(string? DossierId, string? Status, string? Note);

internal sealed class StatusChangedHandler(AgencyMoves moves) : AgencyEventHandler<StatusChange>
{
    public override string EventType => WebhookEvents.DossierStatusChanged;

    protected override async Task<Results<Ok<AppliedEvent>, Ok<DuplicateEvent>, ValidationProblem, ProblemHttpResult>> ApplyAsync(string agencyId,
        string webhookId, StatusChange change, CancellationToken cancellationToken)
    {
        if (change.Status is null || !DossierStatus.IsKnown(change.Status))
        {
            return Problems.Invalid("data.status", "Trạng thái không hợp lệ.");
        }

        if (change.Status == DossierStatus.Approved)
        {
            return Problems.Invalid("data.status", "Hồ sơ có kết quả được báo bằng sự kiện dossier.result_issued kèm văn bản kết quả.");
        }

        return await moves.ApplyAsync(new AgencyMove(agencyId, webhookId, change.DossierId, change.Status, change.Note, []), cancellationToken);
    }
}
