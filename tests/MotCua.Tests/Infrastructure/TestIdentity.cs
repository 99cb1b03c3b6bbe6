// The demo identity provider (demo/DemoIdentity) in the test process, on a free port with a client and an audience of its
// own, and a browser that signs in through its page the way a citizen does: the authorization code flow with PKCE (S256),
// state and nonce, over HTTP.
using System.Net;
using System.Security.Cryptography;
using System.Text;
using System.Text.Json;
using System.Text.RegularExpressions;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.WebUtilities;
using Microsoft.IdentityModel.Tokens;
using Microsoft.Extensions.DependencyInjection;
using OpenIddict.Server;
using MotCua.DemoIdentity;

namespace MotCua.Tests.Infrastructure;

public sealed partial class TestIdentity : IAsyncDisposable
{
    /// <summary>The redirect URI registered when the test names none: the portal's default.</summary>
    public static readonly Uri DefaultRedirectUri = new("http://localhost:7071/signin-callback.html");

    private const string Scope = "openid profile motcua";

    private readonly WebApplication _app;

    private TestIdentity(WebApplication app, Uri authority, string clientId, string audience)
    {
        _app = app;
        (Authority, ClientId, Audience) = (authority, clientId, audience);
    }

    /// <summary>The issuer, and what <c>Auth__Authority</c> is set to.</summary>
    public Uri Authority { get; }

    /// <summary>The public client the portal's front end plays: <c>Auth__ClientId</c>.</summary>
    public string ClientId { get; }

    /// <summary>The access token's <c>aud</c>: <c>Auth__Audience</c>.</summary>
    public string Audience { get; }

    public Uri Discovery => new(Authority, ".well-known/openid-configuration");

    public Uri TokenEndpoint => new(Authority, IdentityApp.TokenPath.TrimStart('/'));

    /// <param name="redirectUris">The client's redirect URIs; <see cref="DefaultRedirectUri"/> when none.</param>
    public static Task<TestIdentity> StartAsync(params Uri[] redirectUris) => StartAsync(IdentityApp.AccessTokenLifetime, redirectUris);

    /// <summary>A provider whose access tokens live <paramref name="accessTokenLifetime"/> (a short one, to see a token expire).</summary>
    public static Task<TestIdentity> StartAsync(TimeSpan accessTokenLifetime, params Uri[] redirectUris) =>
        StartAsync(Plan.New(), accessTokenLifetime, redirectUris.Length > 0 ? redirectUris : [DefaultRedirectUri], postLogoutRedirectUris: [],
            allowedOrigins: []);

    /// <param name="postLogoutRedirectUris">Empty: the provider's default.</param>
    /// <param name="allowedOrigins">Empty: the provider's default.</param>
    private static async Task<TestIdentity> StartAsync(Plan plan, TimeSpan accessTokenLifetime, Uri[] redirectUris, Uri[] postLogoutRedirectUris,
        Uri[] allowedOrigins)
    {
        var app = IdentityApp.Build(
        [
            "--listen", plan.Authority.AbsoluteUri, "--client-id", plan.ClientId, "--audience", plan.Audience,
            .. List("RedirectUris", redirectUris), .. List("PostLogoutRedirectUris", postLogoutRedirectUris), .. List("AllowedOrigins", allowedOrigins),
            // Test output shows what went wrong, not every sign-in.
            "--Logging:LogLevel:Default", "Warning",
        ], services => services.Configure<OpenIddictServerOptions>(options => options.AccessTokenLifetime = accessTokenLifetime));
        await app.StartAsync();
        return new TestIdentity(app, plan.Authority, plan.ClientId, plan.Audience);

        static IEnumerable<string> List(string option, Uri[] items) =>
            items.SelectMany((uri, i) => new[] { $"--DemoIdentity:{option}:{i}", uri.AbsoluteUri });
    }

    /// <summary>The portal's settings that make it accept this provider's tokens (<c>Auth__*</c>).</summary>
    public Dictionary<string, string?> PortalSettings() => new Plan(Authority, ClientId, Audience).PortalSettings;

    /// <summary>A browser of its own: cookies kept, redirects not followed.</summary>
    public static HttpClient NewBrowser() => new(new SocketsHttpHandler { AllowAutoRedirect = false, CookieContainer = new CookieContainer() });

    /// <summary>The authorization URL the front end sends the browser to, with <paramref name="changes"/> applied (a null value removes the parameter).</summary>
    public Uri AuthorizeUri(AuthorizationRequest request, params (string Name, string? Value)[] changes)
    {
        var parameters = new Dictionary<string, string?>(StringComparer.Ordinal)
        {
            ["client_id"] = ClientId,
            ["response_type"] = "code",
            ["scope"] = Scope,
            ["redirect_uri"] = request.RedirectUri.AbsoluteUri,
            ["state"] = request.State,
            ["nonce"] = request.Nonce,
            ["code_challenge"] = request.CodeChallenge,
            ["code_challenge_method"] = "S256",
        };
        foreach (var (name, value) in changes)
        {
            parameters[name] = value;
        }

        return new Uri(QueryHelpers.AddQueryString(new Uri(Authority, "connect/authorize").AbsoluteUri,
            parameters.Where(p => p.Value is not null)));
    }

    /// <summary>
    /// What the browser does with an authorization URL: opens the sign-in page, chooses <paramref name="account"/> (its sub,
    /// identity number or tax code) and presses "Đăng nhập". Returns where the provider sends the browser, unfollowed.
    /// </summary>
    public static async Task<Uri> ChooseAccountAsync(HttpClient browser, Uri authorizeUri, string account)
    {
        var chosen = TestAccounts.Find(account) ?? throw new ArgumentException($"No test account {account}", nameof(account));
        using var page = await browser.GetAsync(authorizeUri);
        var html = await page.Content.ReadAsStringAsync();
        if (page.StatusCode != HttpStatusCode.OK)
        {
            throw new InvalidOperationException($"The provider did not show its sign-in page but HTTP {(int)page.StatusCode}: {html}");
        }

        Assert.Contains($"""<input type="radio" name="account" value="{chosen.Sub}" """.TrimEnd(), html, StringComparison.Ordinal);
        var form = Form().Match(html);
        Assert.True(form.Success, "The sign-in page has no form posting back to the authorization endpoint");
        var fields = Hidden().Matches(form.Value)
            .Select(m => new KeyValuePair<string, string>(WebUtility.HtmlDecode(m.Groups["name"].Value), WebUtility.HtmlDecode(m.Groups["value"].Value)))
            .Append(new("account", chosen.Sub));
        using var post = await browser.PostAsync(new Uri(authorizeUri, WebUtility.HtmlDecode(form.Groups["action"].Value)), new FormUrlEncodedContent(fields));
        if (post.StatusCode != HttpStatusCode.Found || post.Headers.Location is not { } location)
        {
            throw new InvalidOperationException($"The provider answered the sign-in with HTTP {(int)post.StatusCode}: {await post.Content.ReadAsStringAsync()}");
        }

        return location;
    }

    /// <summary>The front end's token request for <paramref name="code"/>, with the request's verifier unless another is given.</summary>
    public Task<HttpResponseMessage> RedeemAsync(HttpClient browser, string code, AuthorizationRequest request, string? codeVerifier = null) =>
        browser.PostAsync(TokenEndpoint, new FormUrlEncodedContent(new Dictionary<string, string>
        {
            ["grant_type"] = "authorization_code",
            ["client_id"] = ClientId,
            ["code"] = code,
            ["redirect_uri"] = request.RedirectUri.AbsoluteUri,
            ["code_verifier"] = codeVerifier ?? request.CodeVerifier,
        }));

    /// <summary>
    /// The whole browser flow: the authorization request with a PKCE verifier of its own, the sign-in page, the choice of
    /// <paramref name="account"/> (sub, identity number or tax code), the code at <paramref name="redirectUri"/> with its state
    /// checked, and the token request.
    /// </summary>
    public async Task<SignedIn> SignInAsync(string account, Uri redirectUri)
    {
        using var browser = NewBrowser();
        var request = AuthorizationRequest.New(redirectUri);
        var callback = await ChooseAccountAsync(browser, AuthorizeUri(request), account);
        Assert.Equal(redirectUri.GetLeftPart(UriPartial.Path), callback.GetLeftPart(UriPartial.Path));
        var answer = QueryHelpers.ParseQuery(callback.Query);
        Assert.Equal(request.State, answer["state"].ToString());

        using var tokens = await RedeemAsync(browser, answer["code"].ToString(), request);
        var json = await tokens.Content.ReadAsStringAsync();
        Assert.True(tokens.StatusCode == HttpStatusCode.OK, $"The token endpoint answered HTTP {(int)tokens.StatusCode}: {json}");
        using var body = JsonDocument.Parse(json);
        return new SignedIn(body.RootElement.GetProperty("access_token").GetString()!, body.RootElement.GetProperty("id_token").GetString()!,
            request.Nonce);
    }

    public async ValueTask DisposeAsync()
    {
        await _app.StopAsync();
        await _app.DisposeAsync();
    }

    [GeneratedRegex("""<form method="post" action="(?<action>[^"]+)">.*?</form>""", RegexOptions.Singleline)]
    private static partial Regex Form();

    [GeneratedRegex("""<input type="hidden" name="(?<name>[^"]*)" value="(?<value>[^"]*)">""")]
    private static partial Regex Hidden();
}

/// <summary>One authorization request's secrets, fresh each time: the PKCE verifier, the state and the nonce.</summary>
public sealed record AuthorizationRequest(Uri RedirectUri, string State, string Nonce, string CodeVerifier)
{
    public static AuthorizationRequest New(Uri redirectUri) =>
        new(redirectUri, Random(), Random(), Random());

    /// <summary>S256: BASE64URL(SHA-256(verifier)), RFC 7636 4.2.</summary>
    public string CodeChallenge => Base64UrlEncoder.Encode(SHA256.HashData(Encoding.ASCII.GetBytes(CodeVerifier)));

    private static string Random() => Base64UrlEncoder.Encode(RandomNumberGenerator.GetBytes(32));
}

/// <summary>The token response's two tokens, and the nonce the id_token must carry.</summary>
public sealed record SignedIn(string AccessToken, string IdToken, string Nonce);
