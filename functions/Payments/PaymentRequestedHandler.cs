// dossier.payment_requested: an agency sets a fee or charge on a dossier it holds (e.g. the cost of a new electricity
// connection). It appears among the dossier's payments as pending, is paid like the catalog fee, and does not hold the status.
// Applied once per webhook id: the payment, the e-mail telling the applicant of it and the marker are one transaction.
using System.Diagnostics;
using Azure.Data.Tables;
using Microsoft.AspNetCore.Http.HttpResults;
using MotCua.Hosting;
using MotCua.Status;
using MotCua.Storage;
using MotCua.Vietnam;
using MotCua.Webhooks;

namespace MotCua.Payments;

internal sealed record PaymentRequest(string? DossierId, long? AmountVnd, string? Reason);

internal sealed class PaymentRequestedHandler(TableServiceClient tables, PaymentIndex index, AccountDossiers accountDossiers, Outbox outbox,
    TimeProvider clock, ILogger<PaymentRequestedHandler> logger)
    : AgencyEventHandler<PaymentRequest>
{
    /// <summary>The largest charge an agency may set: ten billion đồng (a medium-voltage connection costs far less).</summary>
    public const long MaxAmountVnd = 10_000_000_000;

    public const int MaxReason = 200;

    /// <summary>Payments per dossier: their ids have two digits.</summary>
    private const int MaxPayments = 99;

    private const int Rounds = 3;

    private readonly TableClient _dossiers = tables.GetTableClient(StorageNames.DossiersTable);

    public override string EventType => WebhookEvents.DossierPaymentRequested;

    protected override async Task<Results<Ok<AppliedEvent>, Ok<DuplicateEvent>, ValidationProblem, ProblemHttpResult>> ApplyAsync(string agencyId,
        string webhookId, PaymentRequest request, CancellationToken cancellationToken)
    {
        if (request.AmountVnd is not (> 0 and <= MaxAmountVnd))
        {
            return Problems.Invalid("data.amountVnd", $"Số tiền phải là số nguyên đồng từ 1 đến {Money.Figures(MaxAmountVnd)}.");
        }

        var reason = request.Reason is null ? "" : VietnameseText.Normalize(request.Reason);
        if (reason.Length is 0 or > MaxReason || VietnameseText.ContainsControlCharacters(reason))
        {
            return Problems.Invalid("data.reason", $"Nội dung thu phải có từ 1 đến {MaxReason} ký tự.");
        }

        if (request.DossierId is not { } dossierId || !DossierId.IsWellFormed(dossierId))
        {
            return AgencyMoves.NotDelivered();
        }

        Activity.Current?.SetTag(Telemetry.DossierTag, dossierId);
        for (var round = 0; round < Rounds; round++)
        {
            try
            {
                return await TryAsync(agencyId, webhookId, dossierId, request.AmountVnd.Value, reason, cancellationToken);
            }
            catch (TableTransactionFailedException ex) when (ex.Status is 409 or 412)
            {
                // The marker exists (a duplicate: the next round says so), or another payment took the number: look again.
            }
        }

        return Problems.Status(StatusCodes.Status409Conflict, "Hồ sơ đang được cập nhật đồng thời; vui lòng gửi lại sự kiện.");
    }

    private async Task<Results<Ok<AppliedEvent>, Ok<DuplicateEvent>, ValidationProblem, ProblemHttpResult>> TryAsync(string agencyId, string webhookId,
        string dossierId, long amountVnd, string reason, CancellationToken cancellationToken)
    {
        var partition = await DossierPartition.LoadAsync(_dossiers, dossierId, cancellationToken);
        if (partition.Dossier is not { } dossier || partition.DeliveryFor(agencyId) is not { } delivery)
        {
            return AgencyMoves.NotDelivered();
        }

        var marker = InboundEventRow.KeyFor(agencyId, webhookId);
        if ((await _dossiers.GetEntityIfExistsAsync<InboundEventRow>(dossierId, marker, cancellationToken: cancellationToken)).HasValue)
        {
            return AgencyEventAnswers.Duplicate();
        }

        if (!DossierStatus.AgencyHoldsDossier(delivery.Status) || DossierStatus.IsFinal(delivery.Status) || partition.Payments.Count >= MaxPayments)
        {
            return Problems.Status(StatusCodes.Status409Conflict, "Chỉ yêu cầu thanh toán được cho hồ sơ cơ quan đang xử lý.");
        }

        var now = clock.GetUtcNow();
        var payment = PaymentRow.New(dossierId, partition.Payments.Count + 1, amountVnd, reason, agencyId, now);
        var feeDue = NotificationRow.For(dossier, NotificationEvents.FeeDue, payment.PaymentId, agencyId, now);
        await outbox.CommitAsync(dossierId,
        [
            new(TableTransactionActionType.Add, payment),
            new(TableTransactionActionType.Add, new InboundEventRow { PartitionKey = dossierId, RowKey = marker, Type = EventType, ReceivedAt = now }),
            partition.Touch(now),
        ], [], feeDue is null ? [] : [feeDue], cancellationToken);
        await Task.WhenAll(index.ChangedAsync(dossier, payment, before: null, cancellationToken), accountDossiers.RefreshAsync(dossier, cancellationToken));
        logger.LogInformation("{AgencyId} requested payment {PaymentId} of {AmountVnd} VND on {DossierId}", agencyId, payment.PaymentId, amountVnd, dossierId);
        return AgencyEventAnswers.Applied(delivery.Status);
    }
}
