// POST /api/dossiers/{id}/payments/{paymentId}/checkout with X-Access-Key: the signed gateway URL to pay at (Checkout).
using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.Azure.Functions.Worker;
using MotCua.Hosting;
using MotCua.Status;

namespace MotCua.Payments;

internal sealed class CheckoutPayment(DossierAccess access, Checkout checkout, ClientAddress clients)
{
    [Function(nameof(CheckoutPayment))]
    public async Task<Results<Ok<CheckoutAnswer>, ProblemHttpResult>> Run(
        [HttpTrigger(AuthorizationLevel.Anonymous, "post", Route = "dossiers/{id}/payments/{paymentId}/checkout")] HttpRequest request,
        string id, string paymentId, CancellationToken cancellationToken) =>
        PaymentRefs.DossierOfPayment(paymentId) == id && await access.OpenAsync(id, request, cancellationToken) is { Dossier: not null } partition
            ? await checkout.StartAsync(partition, paymentId, clients.Of(request).ToString(), cancellationToken)
            : DossierAccess.NotFound();
}
