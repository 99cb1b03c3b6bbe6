// GET /api/dossiers/{id}: everything from the dossier's one partition (the view cached per instance while the dossier
// row's ETag holds: DossierViews).
using System.Text.Json;
using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.AspNetCore.Http.Json;
using Microsoft.Azure.Functions.Worker;
using Microsoft.Extensions.Options;
using MotCua.Catalog;
using MotCua.Storage;
using MotCua.Vietnam;

namespace MotCua.Status;

internal sealed record ApplicantView(string FullName, string IdNumberMasked);

internal sealed record DeliveryView(string AgencyId, string AgencyName, string Status, string StatusLabel, DateTimeOffset UpdatedAt, string? Note);

internal sealed record HistoryView(DateTimeOffset At, string Status, string StatusLabel, string? AgencyId, string? Note);

internal sealed record RatingView(int Score, string? Comment, DateTimeOffset RatedAt);

internal sealed record FileView(string Id, string FileName, string ContentType, long Size, string Sha256)
{
    public static FileView Of(FileRow file) => new(file.FileId, file.FileName, file.ContentType, file.Size, file.Sha256);
}

/// <summary>A result document, with the agency that issued it (a dossier sent to 34 agencies gets 34 results).</summary>
internal sealed record ResultView(string Id, string FileName, string ContentType, long Size, string Sha256, string AgencyId, string AgencyName)
{
    public static ResultView Of(FileRow file, ProcedureCatalog catalog) => new(file.FileId, file.FileName, file.ContentType, file.Size, file.Sha256,
        file.Source, catalog.FindAgency(file.Source)?.Name ?? file.Source);
}

/// <param name="ReceiptUrl">The electronic receipt, once paid.</param>
internal sealed record PaymentView(string Id, long AmountVnd, string Reason, string Status, string StatusLabel, DateTimeOffset CreatedAt,
    DateTimeOffset? PaidAt, string? ReceiptUrl, string? AgencyId)
{
    public static PaymentView Of(string dossierId, PaymentRow payment) => new(payment.PaymentId, payment.AmountVnd, payment.Reason, payment.Status,
        PaymentStates.Label(payment.Status), VietnamTime.Of(payment.CreatedAt), payment.PaidAt is { } paidAt ? VietnamTime.Of(paidAt) : null,
        PaymentStates.IsSettled(payment.Status) ? $"/api/dossiers/{dossierId}/payments/{payment.PaymentId}/receipt" : null, payment.AgencyId);
}

/// <param name="At">When it was sent, or, until then, when it was decided.</param>
/// <param name="Status"><c>pending</c> (also while an attempt is under way), <c>sent</c> or <c>failed</c>.</param>
internal sealed record NotificationView(DateTimeOffset At, string Channel, string Event, string Status)
{
    public const string Email = "email";

    public static NotificationView Of(NotificationRow row) => new(VietnamTime.Of(row.SentAt ?? row.CreatedAt), Email, row.Event,
        row.State == NotificationStates.Sending ? NotificationStates.Pending : row.State);
}

internal sealed record DossierView(string Id, string ProcedureCode, string ProcedureName, string Status, string StatusLabel,
    DateTimeOffset SubmittedAt, DateTimeOffset DueAt, ApplicantView Applicant, IReadOnlyList<DeliveryView> Deliveries,
    IReadOnlyList<HistoryView> History, IReadOnlyList<FileView> Attachments, IReadOnlyList<ResultView> Results, IReadOnlyList<PaymentView> Payments,
    RatingView? Rating, IReadOnlyList<NotificationView> Notifications);

internal sealed class GetDossier(DossierAccess access, DossierViews views, ProcedureCatalog catalog, IOptions<JsonOptions> json)
{
    /// <summary>
    /// One point read of the dossier row (the access key is checked against it) and, while the row's ETag is the one a view was
    /// rendered under, that view; else one query of the partition, rendered and kept (once no e-mail to the applicant is under way).
    /// </summary>
    [Function(nameof(GetDossier))]
    public async Task<Results<FileContentHttpResult, ProblemHttpResult>> Run(
        [HttpTrigger(AuthorizationLevel.Anonymous, "get", Route = "dossiers/{id}")] HttpRequest request, string id,
        CancellationToken cancellationToken)
    {
        if (await access.OpenRowAsync(id, request, cancellationToken) is not { } row)
        {
            return DossierAccess.NotFound();
        }

        if (views.Find(id, row.ETag) is not { } view)
        {
            var partition = await DossierPartition.LoadAsync(access.Dossiers, id, cancellationToken);
            view = JsonSerializer.SerializeToUtf8Bytes(Render(partition, partition.Dossier ?? row, catalog), json.Value.SerializerOptions);
            // A notification under way changes without stamping the dossier row (its sender writes only its own row): no view is kept
            // until every one is sent or given up, so the next lookup reads it again.
            if (!partition.Notifications.Exists(n => n.State is NotificationStates.Pending or NotificationStates.Sending))
            {
                views.Keep(id, row.ETag, view);
            }
        }

        return TypedResults.Bytes(view, "application/json; charset=utf-8");
    }

    private static DossierView Render(DossierPartition partition, DossierRow dossier, ProcedureCatalog catalog)
    {
        var status = DossierStatus.Of(partition.Deliveries.Select(d => d.Status));
        return new DossierView(
            partition.DossierId, dossier.ProcedureCode, dossier.ProcedureName, status, DossierStatus.Label(status),
            VietnamTime.Of(dossier.SubmittedAt), VietnamTime.Of(dossier.DueAt),
            new ApplicantView(dossier.ApplicantFullName, dossier.ApplicantIdMasked),
            [.. partition.Deliveries.Select(d => new DeliveryView(d.AgencyId, catalog.FindAgency(d.AgencyId)?.Name ?? d.AgencyId,
                d.Status, DossierStatus.Label(d.Status), VietnamTime.Of(d.UpdatedAt), d.Note))],
            [.. partition.History.Select(h => new HistoryView(VietnamTime.Of(h.At), h.Status, DossierStatus.Label(h.Status), h.AgencyId, h.Note))],
            [.. partition.Attachments.Select(FileView.Of)],
            [.. partition.Results.Select(file => ResultView.Of(file, catalog))],
            [.. partition.Payments.Select(payment => PaymentView.Of(partition.DossierId, payment))],
            partition.Rating is { } rating ? new RatingView(rating.Score, rating.Comment, VietnamTime.Of(rating.RatedAt)) : null,
            [.. partition.Notifications.OrderBy(n => n.CreatedAt).Select(NotificationView.Of)]);
    }
}
