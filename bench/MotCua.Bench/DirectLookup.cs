// GetDossier's handler called in this process on the worker's own services: the function without what stands in front
// of it (the host's HTTP front end, the gRPC invocation, the proxy hop to the worker and the worker's own Kestrel). The
// worker's HTTP endpoint cannot be called directly: it answers only a request the host has announced over gRPC
// (DefaultHttpCoordinator pairs them by x-ms-invocation-id and gives up after 5 s), so this is the nearest to a direct call.
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using MotCua.Status;

namespace MotCua.Bench;

internal sealed class DirectLookup(IHost worker) : IDisposable
{
    private readonly GetDossier _function = ActivatorUtilities.CreateInstance<GetDossier>(worker.Services);

    /// <summary>The worker's services as Program builds them, never started: nothing listens and no function is triggered.</summary>
    public static DirectLookup Build(string connectionString)
    {
        var builder = Program.CreateBuilder([]);
        builder.Configuration.AddInMemoryCollection([new("AzureWebJobsStorage", connectionString)]);
        return new DirectLookup(builder.Build());
    }

    public async Task LookUpAsync(Receipt dossier)
    {
        var context = new DefaultHttpContext { RequestServices = worker.Services };
        context.Request.Headers["X-Access-Key"] = dossier.AccessKey;
        using var body = new MemoryStream();
        context.Response.Body = body;
        var result = await _function.Run(context.Request, dossier.Id, CancellationToken.None);
        await result.ExecuteAsync(context);
        if (context.Response.StatusCode != StatusCodes.Status200OK || body.Length == 0)
        {
            throw new BenchException($"GetDossier answered {context.Response.StatusCode} with {body.Length} bytes");
        }
    }

    public void Dispose() => worker.Dispose();
}
