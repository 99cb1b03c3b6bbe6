// A demo payment gateway: plays the gateway side of VNPay's merchant protocol 2.1.0 (decision 0011) for a local portal,
// so a fee can be paid end to end on one machine. Nothing is charged; transactions live in memory.
using Microsoft.Extensions.Options;
using MotCua.DemoPayGate;

WebApplication app;
try
{
    app = PayGateApp.Build(args);
}
catch (OptionsValidationException ex)
{
    Console.Error.WriteLine(ex.Message);
    return 2;
}

await app.StartAsync();
var options = app.Services.GetRequiredService<IOptions<PayGateOptions>>().Value;
app.Logger.LogInformation("Gateway for merchant {TmnCode} on {Listen} (paymentv2/vpcpay.html, merchant_webapi/api/transaction); IPN to {IpnUrl}{Dropped}; Ctrl+C to stop",
    options.TmnCode, options.Listen, options.IpnUrl, options.DropIpn ? " (dropped: DropIpn)" : "");
await app.WaitForShutdownAsync();
return 0;
