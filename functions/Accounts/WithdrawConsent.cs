// DELETE /api/me/documents/{documentId}/consent/{dossierId}: the citizen takes back the consent that the dossier's agencies read the
// document. The consent row, a history step and a dossier.consent_withdrawn event to each agency holding the dossier are one
// transaction; from then the document's links for this dossier answer 410. Withdrawing twice is the same 204.
using System.Text.Json.Nodes;
using Azure.Data.Tables;
using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.Azure.Functions.Worker;
using MotCua.Hosting;
using MotCua.Status;
using MotCua.Storage;
using MotCua.Vietnam;
using MotCua.Webhooks;

namespace MotCua.Accounts;

internal sealed class WithdrawConsent(AccountDocuments documents, DossierAccess access, Outbox outbox, TimeProvider clock,
    ILogger<WithdrawConsent> logger)
{
    [Function(nameof(WithdrawConsent))]
    public async Task<Results<NoContent, ProblemHttpResult>> Run(
        [HttpTrigger(AuthorizationLevel.Anonymous, "delete", Route = "me/documents/{documentId}/consent/{dossierId}")] HttpRequest request,
        string documentId, string dossierId, CancellationToken cancellationToken)
    {
        if (SignedIn.Of(request) is not { } who)
        {
            return SignedInOnly.Problem();
        }

        if (await documents.FindAsync(who, documentId, cancellationToken) is null
            || await access.OpenAsync(dossierId, request, cancellationToken) is not { Dossier.AccountId: not null } partition
            || partition.Dossier.AccountId != who.AccountId
            || partition.Consents.Find(c => c.DocumentId == documentId) is not { } consent)
        {
            return Problems.Status(StatusCodes.Status404NotFound, "Không có sự đồng ý nào của bạn cho giấy tờ này trong hồ sơ này.");
        }

        if (consent.WithdrawnAt is not null)
        {
            return TypedResults.NoContent();
        }

        var status = DossierStatus.Of(partition.Deliveries.Select(d => d.Status));
        if (DossierStatus.IsFinal(status))
        {
            return Problems.Status(StatusCodes.Status409Conflict, "Hồ sơ đã kết thúc; không còn cơ quan nào đọc giấy tờ cho hồ sơ này.");
        }

        var now = clock.GetUtcNow();
        consent.WithdrawnAt = now;
        var files = partition.Attachments.Where(f => f.DocumentId == documentId).ToList();
        var note = $"Công dân rút đồng ý cho cơ quan dùng giấy tờ \"{string.Join("\", \"", files.Select(f => f.FileName).Distinct())}\".";
        var details = new JsonObject
        {
            ["files"] = new JsonArray([.. files.Select(f => (JsonNode)new JsonObject { ["id"] = f.FileId, ["fileName"] = f.FileName })]),
            ["withdrawnAt"] = VietnamTime.Of(now),
        }.ToJsonString();
        var events = partition.Deliveries.Where(d => DossierStatus.AgencyHoldsDossier(d.Status) && !DossierStatus.IsFinal(d.Status))
            .Select(d => Outbox.NewEvent(dossierId, WebhookEvents.DossierConsentWithdrawn, d.AgencyId, now, details))
            .ToList();
        try
        {
            await outbox.CommitAsync(dossierId,
            [
                new(TableTransactionActionType.UpdateMerge, consent, consent.ETag),
                new(TableTransactionActionType.Add, HistoryRow.Of(dossierId, now, status, agencyId: null, note)),
                partition.Touch(now),
            ], events, cancellationToken);
        }
        catch (TableTransactionFailedException ex) when (ex.Status is 409 or 412)
        {
            return Problems.Status(StatusCodes.Status409Conflict, "Hồ sơ vừa thay đổi; vui lòng thử lại.");
        }

        logger.LogInformation("Consent for document {DocumentId} withdrawn on {DossierId}; {Agencies} agencies told", documentId, dossierId, events.Count);
        return TypedResults.NoContent();
    }
}
