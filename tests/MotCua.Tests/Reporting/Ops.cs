// Steps the reporting tests share: the ops API with its key, page views.
using System.Net;
using System.Text.Encodings.Web;
using System.Text.Json;
using System.Text.Json.Nodes;
using MotCua.Tests.Infrastructure;

namespace MotCua.Tests.Reporting;

internal static class Ops
{
    private static readonly JsonSerializerOptions Readable = new() { Encoder = JavaScriptEncoder.UnsafeRelaxedJsonEscaping };

    public static async Task<(HttpResponseMessage Response, string Text)> GetAsync(Portal portal, string path, string? key = FunctionApp.FunctionKey)
    {
        var response = await portal.Client.SendAsync(HttpMethod.Get, path, functionKey: key);
        return (response, await response.Content.ReadAsStringAsync());
    }

    /// <summary>GETs an ops path with the function key and expects 200 with JSON.</summary>
    public static async Task<JsonNode> GetJsonAsync(Portal portal, string path)
    {
        var (response, text) = await GetAsync(portal, path);
        Assert.True(response.StatusCode == HttpStatusCode.OK, $"GET {path} answered {(int)response.StatusCode}: {text}");
        return JsonNode.Parse(text)!;
    }

    public static async Task CountVisitAsync(Portal portal)
    {
        using var response = await portal.Client.PostAsync(new Uri("/api/visits", UriKind.Relative), null);
        Assert.Equal(HttpStatusCode.NoContent, response.StatusCode);
    }

    /// <summary>The node as compact JSON with Vietnamese left readable, to compare with expected text.</summary>
    public static string Text(JsonNode? node) => node!.ToJsonString(Readable);

    public static long Long(JsonNode node, string path) =>
        path.Split('.').Aggregate(node, (current, name) => current[name]!).GetValue<long>();
}
