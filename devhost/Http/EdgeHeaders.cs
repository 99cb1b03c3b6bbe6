// What the edge adds in Azure, played locally. Front Door's rule sets set the headers of infra/security-headers.json (embedded in
// the DevHost as it is): the pages' on everything outside the API (web/, as the static website serves it, and its 404s), the API's
// on the host's own answers under /api and /admin (a key refused, no such route, the worker restarting). An answer the worker gave
// keeps the worker's own headers (functions/Hosting/SecurityHeaders.cs), so that a test through the DevHost sees what the worker
// sends; SecurityHeaderValuesTests keeps the worker's values equal to the file's.
using System.Text.Json;

namespace MotCua.DevHost.Http;

internal sealed class EdgeHeaders
{
    /// <summary>The pages' connect-src names the identity provider the front end signs in with: Auth:Authority's origin.</summary>
    public const string IdentityProviderPlaceholder = "{identityProvider}";

    public const string StrictTransportSecurity = "Strict-Transport-Security";

    private static readonly object WorkerAnswerKey = new();

    private readonly string _apiPrefix;

    private EdgeHeaders(Sets sets, string apiPrefix, string? identityProvider)
    {
        Api = new Dictionary<string, string>([.. sets.EveryResponse, .. sets.Api], StringComparer.OrdinalIgnoreCase);
        Pages = new Dictionary<string, string>([.. sets.EveryResponse, .. sets.Pages.Select(header =>
            KeyValuePair.Create(header.Key, WithIdentityProvider(header.Value, identityProvider)))], StringComparer.OrdinalIgnoreCase);
        _apiPrefix = apiPrefix;
    }

    /// <summary>On the host's own answers under /api and /admin.</summary>
    public IReadOnlyDictionary<string, string> Api { get; }

    /// <summary>On web/ and every other answer outside the API.</summary>
    public IReadOnlyDictionary<string, string> Pages { get; }

    /// <param name="settings">The host's settings: Auth:Authority names the identity provider the pages may call.</param>
    /// <param name="routePrefix">host.json's route prefix (<c>api</c>); empty puts the functions at the root.</param>
    public static EdgeHeaders Load(IConfiguration settings, string routePrefix)
    {
        using var file = typeof(EdgeHeaders).Assembly.GetManifestResourceStream(Sets.ResourceName)
            ?? throw new InvalidOperationException($"The DevHost was built without {Sets.ResourceName}.");
        var sets = JsonSerializer.Deserialize<Sets>(file, JsonSerializerOptions.Web)!;
        var authority = Uri.TryCreate(settings["Auth:Authority"], UriKind.Absolute, out var uri) ? uri.GetLeftPart(UriPartial.Authority) : null;
        return new EdgeHeaders(sets, routePrefix.Trim('/'), authority);
    }

    /// <summary>The worker answered this request: its headers are its own (the forwarder calls this when the worker's response arrives).</summary>
    public static void WorkerAnswered(HttpContext context) => context.Items[WorkerAnswerKey] = true;

    /// <summary>Sets the request's headers as its answer starts, whoever writes it.</summary>
    public Task Middleware(HttpContext context, RequestDelegate next)
    {
        context.Response.OnStarting(() =>
        {
            if (!context.Items.ContainsKey(WorkerAnswerKey))
            {
                Apply(context);
            }

            return Task.CompletedTask;
        });
        return next(context);
    }

    private void Apply(HttpContext context)
    {
        var path = context.Request.Path;
        var api = path.StartsWithSegments("/admin", StringComparison.OrdinalIgnoreCase)
            || (_apiPrefix.Length == 0 ? context.GetEndpoint() is not null : path.StartsWithSegments($"/{_apiPrefix}", StringComparison.OrdinalIgnoreCase));
        foreach (var (name, value) in api ? Api : Pages)
        {
            // A browser ignores it over plain HTTP (RFC 6797 7.2); the DevHost serves HTTP unless given an https URL.
            if (context.Request.IsHttps || !name.Equals(StrictTransportSecurity, StringComparison.OrdinalIgnoreCase))
            {
                context.Response.Headers[name] = value;
            }
        }
    }

    /// <summary>The policy with the provider's origin in place of the placeholder, or without it when sign-in is off.</summary>
    internal static string WithIdentityProvider(string policy, string? origin) =>
        origin is null ? policy.Replace($" {IdentityProviderPlaceholder}", "", StringComparison.Ordinal) : policy.Replace(IdentityProviderPlaceholder, origin, StringComparison.Ordinal);

    /// <summary>infra/security-headers.json: header name → value, per set.</summary>
    internal sealed record Sets(Dictionary<string, string> EveryResponse, Dictionary<string, string> Api, Dictionary<string, string> Pages)
    {
        public const string ResourceName = "security-headers.json";
    }
}
