namespace MotCua.DemoIdentity;

/// <summary>
/// Section <c>DemoIdentity</c>: command-line switches below, or environment variables such as <c>DemoIdentity__Listen</c>;
/// a list takes one key per item (<c>--DemoIdentity:RedirectUris:1 http://…</c>, <c>DemoIdentity__RedirectUris__1</c>).
/// </summary>
internal sealed class ProviderOptions
{
    public const string Section = "DemoIdentity";

    public static readonly Uri DefaultRedirectUri = new("http://localhost:7071/signin-callback.html");

    public static readonly Uri DefaultPostLogoutRedirectUri = new("http://localhost:7071/");

    public static readonly Uri DefaultAllowedOrigin = new("http://localhost:7071");

    public static readonly Dictionary<string, string> Switches = new(StringComparer.Ordinal)
    {
        ["--listen"] = $"{Section}:{nameof(Listen)}",
        ["--client-id"] = $"{Section}:{nameof(ClientId)}",
        ["--redirect-uri"] = $"{Section}:{nameof(RedirectUris)}:0",
        ["--post-logout-redirect-uri"] = $"{Section}:{nameof(PostLogoutRedirectUris)}:0",
        ["--audience"] = $"{Section}:{nameof(Audience)}",
        ["--allowed-origin"] = $"{Section}:{nameof(AllowedOrigins)}:0",
    };

    /// <summary>Where this program listens, and the issuer of its tokens: <c>Auth__Authority</c> points here.</summary>
    public Uri Listen { get; set; } = new("http://127.0.0.1:7074");

    /// <summary>The one client this provider knows, a public one (no secret): <c>Auth__ClientId</c>.</summary>
    public string ClientId { get; set; } = "motcua-web";

    /// <summary>
    /// The client's redirect URIs, matched exactly. Empty when bound means <see cref="DefaultRedirectUri"/>: the binder adds to a
    /// list it finds filled, so the default cannot be the initial value.
    /// </summary>
    public List<Uri> RedirectUris { get; set; } = [];

    /// <summary>Where the end-session endpoint may send the browser back; empty when bound means <see cref="DefaultPostLogoutRedirectUri"/>.</summary>
    public List<Uri> PostLogoutRedirectUris { get; set; } = [];

    /// <summary>The access token's <c>aud</c>: <c>Auth__Audience</c>.</summary>
    public string Audience { get; set; } = "motcua-api";

    /// <summary>
    /// The sites whose scripts may read discovery, the keys and the token endpoint's answers (CORS): the portal's front end, a
    /// public client running in the browser. Empty when bound means <see cref="DefaultAllowedOrigin"/>.
    /// </summary>
    public List<Uri> AllowedOrigins { get; set; } = [];

    public void FillDefaults()
    {
        if (RedirectUris.Count == 0)
        {
            RedirectUris.Add(DefaultRedirectUri);
        }

        if (PostLogoutRedirectUris.Count == 0)
        {
            PostLogoutRedirectUris.Add(DefaultPostLogoutRedirectUri);
        }

        if (AllowedOrigins.Count == 0)
        {
            AllowedOrigins.Add(DefaultAllowedOrigin);
        }
    }

    /// <summary>An absolute http(s) URI without a fragment, as OAuth 2.0 requires of a redirection endpoint (RFC 6749, 3.1.2).</summary>
    public static bool IsRedirectUri(Uri uri) => uri is { IsAbsoluteUri: true, Scheme: "http" or "https", Fragment: "" };

    /// <summary>An origin: http(s), a host and maybe a port, no path, query or fragment (RFC 6454).</summary>
    public static bool IsOrigin(Uri uri) =>
        uri is { IsAbsoluteUri: true, Scheme: "http" or "https", UserInfo: "", AbsolutePath: "/", Query: "", Fragment: "" };

    /// <summary>The origin as a browser's <c>Origin</c> header spells it: no trailing slash, no default port.</summary>
    public static string Origin(Uri uri) => uri.GetLeftPart(UriPartial.Authority);
}
