// The headers every answer of the API carries, whichever function or middleware gives it (a 401 from BearerAuthentication, a
// 503 from StorageOutage included). Every answer may carry personal data, an access key, a token or a storage link, and none
// carries a validator (ETag, Last-Modified) a cache could use, so none is stored anywhere: no-store costs nothing here. The
// pages' headers are the edge's (infra/security-headers.json: the DevHost locally, Front Door in Azure), which also sets these
// same values over the Functions host's own answers; SecurityHeaderValuesTests keeps the two equal.
using Microsoft.Azure.Functions.Worker;
using Microsoft.Azure.Functions.Worker.Middleware;

namespace MotCua.Hosting;

internal sealed class SecurityHeaders : IFunctionsWorkerMiddleware
{
    /// <summary>Sent over HTTPS only (RFC 6797 7.2: a browser ignores it over plain HTTP): a year, the portal's subdomains too.</summary>
    public const string StrictTransportSecurity = "max-age=31536000; includeSubDomains";

    /// <summary>On every answer: no type sniffing, no Referer, no framing and nothing else loaded by an answer, no copy kept.</summary>
    public static readonly IReadOnlyDictionary<string, string> Always = new Dictionary<string, string>(StringComparer.OrdinalIgnoreCase)
    {
        ["X-Content-Type-Options"] = "nosniff",
        ["Referrer-Policy"] = "no-referrer",
        ["Content-Security-Policy"] = "default-src 'none'; frame-ancestors 'none'",
        ["Cache-Control"] = "no-store",
    };

    public Task Invoke(FunctionContext context, FunctionExecutionDelegate next)
    {
        // Set as the answer starts rather than now, so that nothing a function or ASP.NET Core does before (clearing the response
        // after an exception) takes them away.
        if (context.GetHttpContext() is { } http)
        {
            http.Response.OnStarting(() =>
            {
                Apply(http.Response.Headers, http.Request.IsHttps);
                return Task.CompletedTask;
            });
        }

        return next(context);
    }

    internal static void Apply(IHeaderDictionary headers, bool https)
    {
        foreach (var (name, value) in Always)
        {
            headers[name] = value;
        }

        if (https)
        {
            headers.StrictTransportSecurity = StrictTransportSecurity;
        }
    }
}
