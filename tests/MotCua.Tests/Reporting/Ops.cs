// Steps the reporting tests share: the ops API with its key, the admin run of DailyReport, page views, polling.
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
        using var request = new HttpRequestMessage(HttpMethod.Get, path);
        if (key is not null)
        {
            request.Headers.Add("x-functions-key", key);
        }

        var response = await portal.Client.SendAsync(request);
        return (response, await response.Content.ReadAsStringAsync());
    }

    /// <summary>GETs an ops path with the function key and expects 200 with JSON.</summary>
    public static async Task<JsonNode> GetJsonAsync(Portal portal, string path)
    {
        var (response, text) = await GetAsync(portal, path);
        Assert.True(response.StatusCode == HttpStatusCode.OK, $"GET {path} answered {(int)response.StatusCode}: {text}");
        return JsonNode.Parse(text)!;
    }

    /// <summary>Runs DailyReport now through the admin API, which answers once the run has finished.</summary>
    public static async Task RunDailyReportAsync(Portal portal)
    {
        using var request = new HttpRequestMessage(HttpMethod.Post, "/admin/functions/DailyReport");
        request.Headers.Add("x-functions-key", FunctionApp.AdminKey);
        using var response = await portal.Client.SendAsync(request);
        Assert.Equal(HttpStatusCode.Accepted, response.StatusCode);
    }

    public static async Task CountVisitAsync(Portal portal)
    {
        using var response = await portal.Client.PostAsync(new Uri("/api/visits", UriKind.Relative), null);
        Assert.Equal(HttpStatusCode.NoContent, response.StatusCode);
    }

    /// <summary>Reads until <paramref name="done"/> holds or 30 s pass, calling <paramref name="between"/> between reads; returns the last value read.</summary>
    public static async Task<T> PollAsync<T>(Func<Task<T>> read, Func<T, bool> done, Action? between = null)
    {
        var deadline = DateTime.UtcNow + TimeSpan.FromSeconds(30);
        var value = await read();
        while (!done(value) && DateTime.UtcNow < deadline)
        {
            between?.Invoke();
            await Task.Delay(20);
            value = await read();
        }

        return value;
    }

    /// <summary>The node as compact JSON with Vietnamese left readable, to compare with expected text.</summary>
    public static string Text(JsonNode? node) => node!.ToJsonString(Readable);

    public static long Long(JsonNode node, string path) =>
        path.Split('.').Aggregate(node, (current, name) => current[name]!).GetValue<long>();
}
