// The trigger value and trigger metadata of an HTTP invocation, as the host sends them alongside the forwarded request.
using System.Text.Json.Nodes;
using Microsoft.AspNetCore.Http.Extensions;
using Microsoft.Azure.WebJobs.Script.Grpc.Messages;

namespace MotCua.DevHost.Http;

internal static class HttpInvocation
{
    /// <summary>The request without its body: with ASP.NET Core integration the worker reads the body from the forwarded request.</summary>
    public static RpcHttp Trigger(HttpRequest request)
    {
        var http = new RpcHttp { Method = request.Method, Url = request.GetDisplayUrl() };
        foreach (var (name, value) in request.Headers)
        {
            http.Headers[name] = value.ToString();
        }

        foreach (var (name, value) in request.Query)
        {
            http.Query[name] = value.ToString();
        }

        foreach (var (name, value) in request.RouteValues)
        {
            http.Params[name] = value?.ToString() ?? "";
        }

        return http;
    }

    /// <summary>The route values by name (what binds a function's <c>string id</c> parameter), and the query and headers as JSON.</summary>
    public static Dictionary<string, object> Metadata(HttpRequest request)
    {
        var metadata = new Dictionary<string, object>(StringComparer.OrdinalIgnoreCase);
        foreach (var (name, value) in request.RouteValues)
        {
            if (value is not null)
            {
                metadata[name] = value.ToString()!;
            }
        }

        metadata["Query"] = new JsonObject(request.Query.Select(q => KeyValuePair.Create(q.Key, (JsonNode?)q.Value.ToString())));
        metadata["Headers"] = new JsonObject(request.Headers.Select(h => KeyValuePair.Create(h.Key, (JsonNode?)h.Value.ToString())));
        return metadata;
    }
}
