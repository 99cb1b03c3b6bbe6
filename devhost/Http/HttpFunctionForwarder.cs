// Runs an HTTP function as the host does with ASP.NET Core integration: the invocation goes over gRPC, the request itself
// to the worker's HTTP endpoint with x-ms-invocation-id (which pairs the two), and the worker's response comes back as is.
using System.Diagnostics;
using System.Net;
using MotCua.DevHost.Worker;
using Yarp.ReverseProxy.Forwarder;

namespace MotCua.DevHost.Http;

internal sealed class HttpFunctionForwarder(WorkerSupervisor worker, IHttpForwarder forwarder, ILogger<HttpFunctionForwarder> logger) : IDisposable
{
    private readonly HttpMessageInvoker _client = new(new SocketsHttpHandler
    {
        UseProxy = false,
        AllowAutoRedirect = false,
        AutomaticDecompression = DecompressionMethods.None,
        UseCookies = false,
        ActivityHeadersPropagator = new ReverseProxyPropagator(DistributedContextPropagator.Current),
        ConnectTimeout = TimeSpan.FromSeconds(15),
    });

    public async Task ForwardAsync(HttpContext context, WorkerFunction function)
    {
        WorkerSession session;
        try
        {
            session = await worker.CurrentAsync(context.RequestAborted);
        }
        catch (FunctionInvocationException)
        {
            await Problems.Status(StatusCodes.Status503ServiceUnavailable, "Hệ thống đang khởi động lại, vui lòng thử lại sau.").ExecuteAsync(context);
            return;
        }

        var invocationId = Guid.NewGuid().ToString();
        var invocation = session.InvokeAsync(function, HttpInvocation.Trigger(context.Request), HttpInvocation.Metadata(context.Request),
            invocationId, context.RequestAborted);
        await forwarder.SendAsync(context, session.HttpUri.AbsoluteUri, _client, ForwarderRequestConfig.Empty, new InvocationTransformer(invocationId));
        try
        {
            await invocation;
        }
        catch (FunctionInvocationException ex)
        {
            logger.LogError("Function {Function} failed (invocation {InvocationId}): {Error}", function.Name, invocationId, ex.Message);
            if (!context.Response.HasStarted)
            {
                context.Response.StatusCode = StatusCodes.Status500InternalServerError;
            }
        }
        catch (OperationCanceledException) when (context.RequestAborted.IsCancellationRequested)
        {
            // The caller went away; the worker was told to cancel.
        }
    }

    public void Dispose() => _client.Dispose();

    private sealed class InvocationTransformer(string invocationId) : HttpTransformer
    {
        public override async ValueTask TransformRequestAsync(HttpContext httpContext, HttpRequestMessage proxyRequest, string destinationPrefix,
            CancellationToken cancellationToken)
        {
            await base.TransformRequestAsync(httpContext, proxyRequest, destinationPrefix, cancellationToken);
            Set(proxyRequest, "x-ms-invocation-id", invocationId);
            // The worker honours these (UseForwardedHeaders), so the app sees the address the caller used. Set, not appended, as
            // the Functions host's forwarder (YARP's default X-Forwarded transform) sets them: what a caller sent is dropped.
            Set(proxyRequest, "X-Forwarded-Host", httpContext.Request.Host.Value);
            Set(proxyRequest, "X-Forwarded-Proto", httpContext.Request.Scheme);
            Set(proxyRequest, "X-Forwarded-For", httpContext.Connection.RemoteIpAddress?.ToString());
        }

        public override ValueTask<bool> TransformResponseAsync(HttpContext httpContext, HttpResponseMessage? proxyResponse, CancellationToken cancellationToken)
        {
            if (proxyResponse is not null)
            {
                EdgeHeaders.WorkerAnswered(httpContext);
            }

            return base.TransformResponseAsync(httpContext, proxyResponse, cancellationToken);
        }

        private static void Set(HttpRequestMessage request, string name, string? value)
        {
            request.Headers.Remove(name);
            if (value is not null)
            {
                request.Headers.TryAddWithoutValidation(name, value);
            }
        }
    }
}
