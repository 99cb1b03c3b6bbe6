// The one way the tests send a request to the portal: a method, a path, a body, and the portal's own headers, each left out
// while null (as a test of a missing key needs) and sent as given otherwise, however malformed.
using System.Net;
using System.Net.Http.Json;
using System.Net.Sockets;

namespace MotCua.Tests.Infrastructure;

public static class PortalHttp
{
    // The names API.md documents, written out rather than taken from the app: a test holds the app to its contract.
    public const string AccessKeyHeader = "X-Access-Key";
    public const string FunctionKeyHeader = "x-functions-key";
    public const string IdempotencyKeyHeader = "Idempotency-Key";

    /// <summary>The request <see cref="SendAsync"/> sends, for a test that sends it later or changes it first.</summary>
    /// <param name="body">Sent as it is when it is <see cref="HttpContent"/>, as JSON otherwise.</param>
    /// <param name="bearer">An access token, sent as <c>Authorization: Bearer …</c>.</param>
    public static HttpRequestMessage Request(HttpMethod method, string path, object? body = null, string? accessKey = null,
        string? functionKey = null, string? idempotencyKey = null, string? bearer = null)
    {
        var request = new HttpRequestMessage(method, path) { Content = body as HttpContent ?? (body is null ? null : JsonContent.Create(body)) };
        if (bearer is not null)
        {
            request.Headers.TryAddWithoutValidation("Authorization", $"Bearer {bearer}");
        }

        foreach (var (name, value) in new[] { (AccessKeyHeader, accessKey), (FunctionKeyHeader, functionKey), (IdempotencyKeyHeader, idempotencyKey) })
        {
            if (value is not null)
            {
                request.Headers.TryAddWithoutValidation(name, value);
            }
        }

        return request;
    }

    /// <summary>Sends <paramref name="method"/> <paramref name="path"/> with <paramref name="body"/> and the headers given.</summary>
    /// <inheritdoc cref="Request"/>
    public static async Task<HttpResponseMessage> SendAsync(this HttpClient client, HttpMethod method, string path, object? body = null,
        string? accessKey = null, string? functionKey = null, string? idempotencyKey = null, string? bearer = null)
    {
        using var request = Request(method, path, body, accessKey, functionKey, idempotencyKey, bearer);
        return await client.SendAsync(request);
    }

    /// <summary>
    /// A client of the portal at <paramref name="baseAddress"/> whose connections leave from <paramref name="from"/>: any address of
    /// 127.0.0.0/8 is this machine's loopback on Linux, so each is another client to the portal's rate limits.
    /// </summary>
    public static HttpClient ClientFrom(Uri baseAddress, IPAddress from) => new(new SocketsHttpHandler
    {
        ConnectCallback = async (context, cancellationToken) =>
        {
            var socket = new Socket(from.AddressFamily, SocketType.Stream, ProtocolType.Tcp) { NoDelay = true };
            try
            {
                socket.Bind(new IPEndPoint(from, 0));
                await socket.ConnectAsync(context.DnsEndPoint, cancellationToken);
                return new NetworkStream(socket, ownsSocket: true);
            }
            catch
            {
                socket.Dispose();
                throw;
            }
        },
    })
    {
        BaseAddress = baseAddress,
        Timeout = TimeSpan.FromSeconds(60),
    };

    /// <summary>Runs a queue or timer function now through the host's admin API, which answers 202 once the run has finished.</summary>
    public static async Task RunFunctionAsync(this HttpClient client, string function)
    {
        using var response = await client.SendAsync(HttpMethod.Post, $"/admin/functions/{function}", functionKey: FunctionApp.AdminKey);
        Assert.Equal(HttpStatusCode.Accepted, response.StatusCode);
    }
}
