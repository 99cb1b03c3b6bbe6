// The host's gRPC endpoint: its own Kestrel on a free loopback port, HTTP/2 without TLS, as the worker's client expects.
using System.Net;
using Microsoft.AspNetCore.Hosting.Server;
using Microsoft.AspNetCore.Hosting.Server.Features;
using Microsoft.AspNetCore.Server.Kestrel.Core;

namespace MotCua.DevHost.Worker;

internal static class WorkerRpcServer
{
    public static async Task<(WebApplication Server, Uri Address)> StartAsync(WorkerStreams streams, CancellationToken cancellationToken)
    {
        var builder = WebApplication.CreateSlimBuilder();
        // Quiet: its "Now listening" would read like the DevHost's address; the streams log what matters themselves.
        builder.Logging.ClearProviders();
        builder.Services.AddSingleton<IHostLifetime, EmbeddedLifetime>();
        builder.WebHost.ConfigureKestrel(kestrel => kestrel.Listen(IPAddress.Loopback, 0, endpoint => endpoint.Protocols = HttpProtocols.Http2));
        // The worker is started with --functions-grpc-max-message-length 2147483647; the host accepts as much.
        builder.Services.AddGrpc(grpc => (grpc.MaxReceiveMessageSize, grpc.MaxSendMessageSize) = (null, null));
        builder.Services.AddSingleton(streams);
        var server = builder.Build();
        server.MapGrpcService<WorkerStreams>();
        await server.StartAsync(cancellationToken);
        var address = server.Services.GetRequiredService<IServer>().Features.Get<IServerAddressesFeature>()!.Addresses.Single();
        return (server, new Uri(address));
    }
}
