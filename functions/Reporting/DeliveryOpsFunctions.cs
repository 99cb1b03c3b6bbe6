using MotCua.Hosting;

namespace MotCua.Reporting;

/// <summary>Ops tools for webhooks that did not get through: failed deliveries to replay, and the poison queue.</summary>
internal static class DeliveryOpsFunctions
{
    public static FunctionRegistry AddDeliveryOpsFunctions(this FunctionRegistry functions) => functions
        .AddHttp("ListFailedDeliveries", "GET", "ops/deliveries", AuthLevel.Function, DeliveryFailures.ListAsync)
        .AddHttp(nameof(DeliveryReplay), "POST", "ops/deliveries/{deliveryId}/replay", AuthLevel.Function, DeliveryReplay.HandleAsync)
        .AddHttp("ListPoisonMessages", "GET", "ops/poison", AuthLevel.Function, PoisonMessages.ListAsync)
        .AddHttp("RequeuePoisonMessages", "POST", "ops/poison/requeue", AuthLevel.Function, PoisonMessages.RequeueAsync);
}
