// A merchant's IPN endpoint in the test process: records each call's query as received, and answers
// {"RspCode","Message"} with the codes it was given in turn, then 00.
using System.Collections.Concurrent;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.Logging;
using MotCua.Tests.Infrastructure;

namespace MotCua.Tests.PayGate;

public sealed class IpnStub : IAsyncDisposable
{
    private readonly ConcurrentQueue<string> _queries = new();
    private readonly ConcurrentQueue<string> _answers;
    private readonly WebApplication _app;

    private IpnStub(WebApplication app, Uri url, IEnumerable<string> answers)
    {
        _app = app;
        Url = url;
        _answers = new ConcurrentQueue<string>(answers);
        app.MapGet("/ipn", Answer);
    }

    public Uri Url { get; }

    /// <summary>Each call's query as it arrived, without the '?'.</summary>
    public IReadOnlyCollection<string> Queries => _queries;

    public static async Task<IpnStub> StartAsync(params string[] answers)
    {
        var url = new Uri($"http://127.0.0.1:{Azurite.FreePort()}/ipn");
        var builder = WebApplication.CreateSlimBuilder();
        builder.WebHost.UseUrls(url.GetLeftPart(UriPartial.Authority));
        builder.Logging.SetMinimumLevel(LogLevel.Warning);
        var stub = new IpnStub(builder.Build(), url, answers);
        await stub._app.StartAsync();
        return stub;
    }

    private IResult Answer(HttpRequest request)
    {
        _queries.Enqueue(request.QueryString.Value![1..]);
        var code = _answers.TryDequeue(out var next) ? next : "00";
        return Results.Text($$"""{"RspCode":"{{code}}","Message":"{{(code == "00" ? "Confirm Success" : "Not confirmed")}}"}""", "application/json");
    }

    public async ValueTask DisposeAsync()
    {
        await _app.StopAsync();
        await _app.DisposeAsync();
    }
}
