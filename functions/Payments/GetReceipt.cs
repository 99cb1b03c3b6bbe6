// GET /api/dossiers/{id}/payments/{paymentId}/receipt with X-Access-Key: the electronic receipt (biên lai điện tử) of a paid payment,
// as a PDF in Vietnamese, made from the payment as the gateway settled it.
using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.Azure.Functions.Worker;
using MotCua.Catalog;
using MotCua.Hosting;
using MotCua.Status;
using MotCua.Storage;

namespace MotCua.Payments;

internal sealed class GetReceipt(DossierAccess access, ProcedureCatalog catalog)
{
    public const string PortalName = "Cổng Dịch vụ công Quốc gia";

    [Function(nameof(GetReceipt))]
    public async Task<Results<FileContentHttpResult, ProblemHttpResult>> Run(
        [HttpTrigger(AuthorizationLevel.Anonymous, "get", Route = "dossiers/{id}/payments/{paymentId}/receipt")] HttpRequest request,
        string id, string paymentId, CancellationToken cancellationToken)
    {
        if (PaymentRefs.DossierOfPayment(paymentId) != id || await access.OpenAsync(id, request, cancellationToken) is not { Dossier: { } dossier } partition
            || partition.Payments.Find(p => p.PaymentId == paymentId) is not { } payment)
        {
            return DossierAccess.NotFound();
        }

        if (!PaymentStates.IsSettled(payment.Status) || payment.PaidAt is not { } paidAt)
        {
            return Problems.Status(StatusCodes.Status409Conflict, "Khoản phí này chưa được thanh toán nên chưa có biên lai.");
        }

        var receipt = new FeeReceipt(PortalName, payment.PaymentId, id, dossier.ProcedureName, dossier.ApplicantFullName, dossier.ApplicantIdMasked,
            payment.Reason, payment.AmountVnd, payment.GatewayTransactionNo ?? "", payment.BankCode ?? "", paidAt, CollectedFor(partition, payment));
        return TypedResults.File(ReceiptPdf.Create(receipt), "application/pdf", $"bien-lai-{payment.PaymentId}.pdf");
    }

    /// <summary>The agency the money is for: the one that asked for it, or the agencies the dossier goes to.</summary>
    private string CollectedFor(DossierPartition partition, PaymentRow payment) => string.Join(", ",
        (payment.AgencyId is { } agencyId ? [agencyId] : partition.Deliveries.Select(d => d.AgencyId))
            .Select(agency => catalog.FindAgency(agency)?.Name ?? agency));
}
