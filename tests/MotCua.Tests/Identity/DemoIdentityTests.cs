// The demo identity provider alone, over HTTP: its discovery document, the sign-in page, the tokens checked with
// Microsoft.IdentityModel from its discovery document and keys (as the portal's API will check them), and its refusals,
// each an OAuth error.
using System.Net;
using System.Text.Json;
using Microsoft.AspNetCore.WebUtilities;
using Microsoft.Extensions.Options;
using Microsoft.IdentityModel.JsonWebTokens;
using Microsoft.IdentityModel.Protocols;
using Microsoft.IdentityModel.Protocols.OpenIdConnect;
using Microsoft.IdentityModel.Tokens;
using MotCua.DemoIdentity;
using MotCua.Tests.Infrastructure;

namespace MotCua.Tests.Identity;

public sealed class DemoIdentityTests
{
    private static readonly TestAccount Citizen = TestAccounts.All.First(a => a.IdNumber is not null);
    private static readonly TestAccount Business = TestAccounts.All.First(a => a.TaxCode is not null);

    [Fact]
    public async Task Discovery_lists_the_endpoints_the_code_flow_only_and_S256_only()
    {
        await using var identity = await TestIdentity.StartAsync();
        using var browser = TestIdentity.NewBrowser();

        using var discovery = JsonDocument.Parse(await browser.GetStringAsync(identity.Discovery));

        var root = discovery.RootElement;
        Assert.Equal(identity.Authority.AbsoluteUri, root.GetProperty("issuer").GetString());
        foreach (var (name, path) in new[]
        {
            ("authorization_endpoint", "connect/authorize"), ("token_endpoint", "connect/token"),
            ("end_session_endpoint", "connect/logout"), ("jwks_uri", ".well-known/jwks"),
        })
        {
            Assert.Equal(new Uri(identity.Authority, path).AbsoluteUri, root.GetProperty(name).GetString());
        }

        Assert.Equal(["code"], Strings(root, "response_types_supported"));
        Assert.Equal(["authorization_code"], Strings(root, "grant_types_supported"));
        Assert.Equal(["S256"], Strings(root, "code_challenge_methods_supported"));
        Assert.Equal(["none"], Strings(root, "token_endpoint_auth_methods_supported"));
        Assert.Equal(["RS256"], Strings(root, "id_token_signing_alg_values_supported"));
        Assert.Subset(Strings(root, "scopes_supported").ToHashSet(), new HashSet<string> { "openid", "profile", "motcua" });
    }

    [Fact]
    public async Task The_sign_in_page_is_in_Vietnamese_and_lists_every_test_account()
    {
        await using var identity = await TestIdentity.StartAsync();
        using var browser = TestIdentity.NewBrowser();

        using var page = await browser.GetAsync(identity.AuthorizeUri(AuthorizationRequest.New(TestIdentity.DefaultRedirectUri)));

        var html = await page.Content.ReadAsStringAsync();
        Assert.Equal(HttpStatusCode.OK, page.StatusCode);
        Assert.Equal("text/html", page.Content.Headers.ContentType?.MediaType);
        Assert.Contains("<html lang=\"vi\">", html, StringComparison.Ordinal);
        Assert.Contains("<h1>Đăng nhập bằng tài khoản định danh điện tử (thử nghiệm)</h1>", html, StringComparison.Ordinal);
        Assert.Contains("<button type=\"submit\">Đăng nhập</button>", html, StringComparison.Ordinal);
        Assert.Contains("name=\"__RequestVerificationToken\"", html, StringComparison.Ordinal);
        Assert.DoesNotContain("<script", html, StringComparison.OrdinalIgnoreCase);
        Assert.All(TestAccounts.All, account =>
        {
            Assert.Contains($"<label><input type=\"radio\" name=\"account\" value=\"{account.Sub}\"", html, StringComparison.Ordinal);
            Assert.Contains($"<strong>{account.Name}</strong>", html, StringComparison.Ordinal);
            Assert.Contains(account.IdNumber ?? account.TaxCode!, html, StringComparison.Ordinal);
        });
    }

    [Fact]
    public async Task A_citizens_access_token_validates_against_the_discovery_keys_with_issuer_audience_lifetime_and_RS256()
    {
        await using var identity = await TestIdentity.StartAsync();

        var signedIn = await identity.SignInAsync(Citizen.IdNumber!, TestIdentity.DefaultRedirectUri);

        var result = await ValidateAsync(identity, signedIn.AccessToken, identity.Audience);
        Assert.True(result.IsValid, result.Exception?.ToString());
        var token = (JsonWebToken)result.SecurityToken;
        Assert.Equal("RS256", token.Alg);
        Assert.Equal(IdentityApp.AccessTokenLifetime, token.ValidTo - token.IssuedAt);
        Assert.Equal([identity.Audience], token.Audiences);
        Assert.Equal(Citizen.Sub, token.Subject);
        Assert.Equal(Citizen.Name, token.GetClaim("name").Value);
        Assert.Equal(Citizen.IdNumber, token.GetClaim("id_number").Value);
        Assert.False(token.TryGetClaim("tax_code", out _));
    }

    [Fact]
    public async Task A_business_has_its_tax_code_and_no_identity_number_in_both_tokens()
    {
        await using var identity = await TestIdentity.StartAsync();

        var signedIn = await identity.SignInAsync(Business.TaxCode!, TestIdentity.DefaultRedirectUri);

        foreach (var (token, audience) in new[] { (signedIn.AccessToken, identity.Audience), (signedIn.IdToken, identity.ClientId) })
        {
            var result = await ValidateAsync(identity, token, audience);
            Assert.True(result.IsValid, result.Exception?.ToString());
            var jwt = (JsonWebToken)result.SecurityToken;
            Assert.Equal(Business.Sub, jwt.Subject);
            Assert.Equal(Business.Name, jwt.GetClaim("name").Value);
            Assert.Equal(Business.TaxCode, jwt.GetClaim("tax_code").Value);
            Assert.False(jwt.TryGetClaim("id_number", out _));
        }
    }

    [Fact]
    public async Task The_id_token_is_for_the_client_carries_the_nonce_and_the_citizens_claims()
    {
        await using var identity = await TestIdentity.StartAsync();

        var signedIn = await identity.SignInAsync(Citizen.Sub, TestIdentity.DefaultRedirectUri);

        var result = await ValidateAsync(identity, signedIn.IdToken, identity.ClientId);
        Assert.True(result.IsValid, result.Exception?.ToString());
        var token = (JsonWebToken)result.SecurityToken;
        Assert.Equal(signedIn.Nonce, token.GetClaim("nonce").Value);
        Assert.Equal(Citizen.Sub, token.Subject);
        Assert.Equal(Citizen.Name, token.GetClaim("name").Value);
        Assert.Equal(Citizen.IdNumber, token.GetClaim("id_number").Value);
    }

    [Fact]
    public async Task Every_registered_redirect_uri_gets_a_code_and_the_access_token_is_for_the_API_not_the_client()
    {
        var other = new Uri("http://127.0.0.1:7071/signin-callback.html");
        await using var identity = await TestIdentity.StartAsync(TestIdentity.DefaultRedirectUri, other);

        var signedIn = await identity.SignInAsync(Citizen.IdNumber!, other);

        Assert.False((await ValidateAsync(identity, signedIn.AccessToken, identity.ClientId)).IsValid);
        Assert.True((await ValidateAsync(identity, signedIn.AccessToken, identity.Audience)).IsValid);
    }

    [Theory]
    [InlineData("no PKCE", "ID2029")]
    [InlineData("plain PKCE", "ID2032")]
    [InlineData("an unregistered redirect_uri", "ID2043")]
    public async Task An_authorization_request_without_S256_PKCE_or_to_an_unregistered_redirect_uri_gets_no_code(string tampering, string reason)
    {
        await using var identity = await TestIdentity.StartAsync();
        using var browser = TestIdentity.NewBrowser();
        var request = AuthorizationRequest.New(tampering == "an unregistered redirect_uri"
            ? new Uri("http://localhost:7071/signin-callback.html?next=elsewhere")
            : TestIdentity.DefaultRedirectUri);
        var uri = tampering switch
        {
            "no PKCE" => identity.AuthorizeUri(request, ("code_challenge", null), ("code_challenge_method", null)),
            "plain PKCE" => identity.AuthorizeUri(request, ("code_challenge", request.CodeVerifier), ("code_challenge_method", "plain")),
            _ => identity.AuthorizeUri(request),
        };

        using var answer = await browser.GetAsync(uri);

        // OpenIddict checks PKCE before it checks the redirect URI, so it answers these on the spot rather than redirect
        // an error to a URI not yet known to be the client's (RFC 6749 4.1.2.1 allows either for an invalid request).
        var body = await answer.Content.ReadAsStringAsync();
        Assert.Equal(HttpStatusCode.BadRequest, answer.StatusCode);
        Assert.Null(answer.Headers.Location);
        Assert.StartsWith("error:invalid_request\n", body.ReplaceLineEndings("\n"), StringComparison.Ordinal);
        Assert.Contains(reason, body, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("client_credentials")]
    [InlineData("password")]
    public async Task The_public_client_cannot_use_another_grant(string grantType)
    {
        await using var identity = await TestIdentity.StartAsync();
        using var browser = TestIdentity.NewBrowser();

        using var answer = await browser.PostAsync(identity.TokenEndpoint, new FormUrlEncodedContent(new Dictionary<string, string>
        {
            ["grant_type"] = grantType,
            ["client_id"] = identity.ClientId,
            ["username"] = Citizen.IdNumber!,
            ["password"] = "123456",
            ["scope"] = "openid motcua",
        }));

        Assert.Equal("unsupported_grant_type", await ErrorAsync(answer));
    }

    [Fact]
    public async Task A_code_used_twice_is_refused_the_second_time()
    {
        await using var identity = await TestIdentity.StartAsync();
        using var browser = TestIdentity.NewBrowser();
        var request = AuthorizationRequest.New(TestIdentity.DefaultRedirectUri);
        var code = await CodeAsync(identity, browser, request);

        using var first = await identity.RedeemAsync(browser, code, request);
        using var second = await identity.RedeemAsync(browser, code, request);

        Assert.Equal(HttpStatusCode.OK, first.StatusCode);
        Assert.Equal("invalid_grant", await ErrorAsync(second));
    }

    [Fact]
    public async Task A_code_with_a_wrong_verifier_is_refused()
    {
        await using var identity = await TestIdentity.StartAsync();
        using var browser = TestIdentity.NewBrowser();
        var request = AuthorizationRequest.New(TestIdentity.DefaultRedirectUri);
        var code = await CodeAsync(identity, browser, request);

        using var answer = await identity.RedeemAsync(browser, code, request, AuthorizationRequest.New(request.RedirectUri).CodeVerifier);

        Assert.Equal("invalid_grant", await ErrorAsync(answer));
    }

    [Fact]
    public async Task A_sign_in_form_without_its_antiforgery_token_is_refused()
    {
        await using var identity = await TestIdentity.StartAsync();
        using var browser = TestIdentity.NewBrowser();
        var request = AuthorizationRequest.New(TestIdentity.DefaultRedirectUri);
        var authorize = identity.AuthorizeUri(request);
        (await browser.GetAsync(authorize)).Dispose();

        using var answer = await browser.PostAsync(new Uri(identity.Authority, "connect/authorize"),
            new FormUrlEncodedContent(QueryHelpers.ParseQuery(authorize.Query).Select(p => new KeyValuePair<string, string>(p.Key, p.Value.ToString()))
                .Append(new("account", Citizen.Sub))));

        Assert.Equal(HttpStatusCode.BadRequest, answer.StatusCode);
        Assert.Null(answer.Headers.Location);
    }

    [Fact]
    public async Task A_browser_signed_in_gets_its_next_code_without_the_page_until_it_signs_out()
    {
        await using var identity = await TestIdentity.StartAsync();
        using var browser = TestIdentity.NewBrowser();
        await CodeAsync(identity, browser, AuthorizationRequest.New(TestIdentity.DefaultRedirectUri));

        using var again = await browser.GetAsync(identity.AuthorizeUri(AuthorizationRequest.New(TestIdentity.DefaultRedirectUri)));
        using var logout = await browser.GetAsync(QueryHelpers.AddQueryString(new Uri(identity.Authority, "connect/logout").AbsoluteUri,
            new Dictionary<string, string?> { ["post_logout_redirect_uri"] = "http://localhost:7071/", ["state"] = "bye" }));
        using var afterwards = await browser.GetAsync(identity.AuthorizeUri(AuthorizationRequest.New(TestIdentity.DefaultRedirectUri)));

        Assert.Equal(HttpStatusCode.Found, again.StatusCode);
        Assert.True(QueryHelpers.ParseQuery(again.Headers.Location!.Query).ContainsKey("code"));
        Assert.Equal(HttpStatusCode.Found, logout.StatusCode);
        Assert.Equal("http://localhost:7071/?state=bye", logout.Headers.Location!.AbsoluteUri);
        Assert.Equal(HttpStatusCode.OK, afterwards.StatusCode);
    }

    [Fact]
    public async Task Scripts_of_the_allowed_origin_may_read_discovery_the_keys_and_the_token_endpoint_and_another_origins_may_not()
    {
        await using var identity = await TestIdentity.StartAsync();
        using var browser = TestIdentity.NewBrowser();
        const string portal = "http://localhost:7071";

        foreach (var (origin, allowed) in new[] { (portal, true), ("http://127.0.0.1:7071", false), ("https://evil.example", false) })
        {
            using var discovery = await FromAsync(origin, HttpMethod.Get, identity.Discovery);
            using var keys = await FromAsync(origin, HttpMethod.Get, new Uri(identity.Authority, ".well-known/jwks"));
            // The script reads the token endpoint's refusals too, to say what went wrong.
            using var token = await FromAsync(origin, HttpMethod.Post, identity.TokenEndpoint, new FormUrlEncodedContent(new Dictionary<string, string>
            {
                ["grant_type"] = "authorization_code", ["client_id"] = identity.ClientId, ["code"] = "not-a-code",
                ["redirect_uri"] = TestIdentity.DefaultRedirectUri.AbsoluteUri, ["code_verifier"] = AuthorizationRequest.New(TestIdentity.DefaultRedirectUri).CodeVerifier,
            }));
            using var preflight = await FromAsync(origin, HttpMethod.Options, identity.TokenEndpoint, headers: ("Access-Control-Request-Method", "POST"));

            Assert.Equal(HttpStatusCode.OK, discovery.StatusCode);
            Assert.Equal(HttpStatusCode.OK, keys.StatusCode);
            Assert.Equal("invalid_grant", await ErrorAsync(token));
            foreach (var answer in new[] { discovery, keys, token, preflight })
            {
                Assert.Equal(allowed ? [origin] : [], answer.Headers.TryGetValues("Access-Control-Allow-Origin", out var values) ? values : []);
            }
        }

        // The sign-in page is a navigation: no script reads it, from any origin.
        using var page = await FromAsync(portal, HttpMethod.Get, identity.AuthorizeUri(AuthorizationRequest.New(TestIdentity.DefaultRedirectUri)));
        Assert.Equal(HttpStatusCode.OK, page.StatusCode);
        Assert.False(page.Headers.Contains("Access-Control-Allow-Origin"));

        async Task<HttpResponseMessage> FromAsync(string origin, HttpMethod method, Uri uri, HttpContent? content = null,
            params (string Name, string Value)[] headers)
        {
            using var request = new HttpRequestMessage(method, uri) { Content = content };
            request.Headers.Add("Origin", origin);
            foreach (var (name, value) in headers)
            {
                request.Headers.Add(name, value);
            }

            return await browser.SendAsync(request);
        }
    }

    [Theory]
    [InlineData("--listen", "http://127.0.0.1:7074/idp", "--listen must be an http(s) URL without a path")]
    [InlineData("--redirect-uri", "/signin-callback.html", "every redirect URI must be an absolute http(s) URL")]
    [InlineData("--redirect-uri", "http://localhost:7071/signin-callback.html#top", "every redirect URI must be an absolute http(s) URL without a fragment")]
    [InlineData("--post-logout-redirect-uri", "ftp://localhost/", "every post-logout redirect URI must be an absolute http(s) URL")]
    [InlineData("--client-id", " ", "--client-id must not be empty")]
    [InlineData("--audience", "", "--audience must not be empty")]
    [InlineData("--allowed-origin", "http://localhost:7071/index.html", "every allowed origin must be an http(s) URL without a path")]
    [InlineData("--allowed-origin", "localhost:7071", "every allowed origin must be an http(s) URL")]
    public void A_bad_option_stops_the_start_and_says_which(string option, string value, string message)
    {
        var error = Assert.Throws<OptionsValidationException>(() => IdentityApp.Build([option, value]));

        Assert.Contains(message, error.Message, StringComparison.Ordinal);
    }

    /// <summary>Checks a token as the portal's API will: keys from the discovery document, over plain HTTP (it is local).</summary>
    private static async Task<TokenValidationResult> ValidateAsync(TestIdentity identity, string token, string audience)
    {
        var configuration = await new ConfigurationManager<OpenIdConnectConfiguration>(identity.Discovery.AbsoluteUri,
            new OpenIdConnectConfigurationRetriever(), new HttpDocumentRetriever { RequireHttps = false }).GetConfigurationAsync(CancellationToken.None);
        return await new JsonWebTokenHandler().ValidateTokenAsync(token, new TokenValidationParameters
        {
            ValidIssuer = identity.Authority.AbsoluteUri,
            ValidAudience = audience,
            IssuerSigningKeys = configuration.SigningKeys,
            ValidAlgorithms = [SecurityAlgorithms.RsaSha256],
            ValidateLifetime = true,
            RequireExpirationTime = true,
            RequireSignedTokens = true,
        });
    }

    /// <summary>A code for the first citizen, by the sign-in page, with the request's state checked.</summary>
    private static async Task<string> CodeAsync(TestIdentity identity, HttpClient browser, AuthorizationRequest request)
    {
        var callback = QueryHelpers.ParseQuery((await TestIdentity.ChooseAccountAsync(browser, identity.AuthorizeUri(request), Citizen.Sub)).Query);
        Assert.Equal(request.State, callback["state"].ToString());
        return callback["code"].ToString();
    }

    /// <summary>The OAuth error of a token endpoint answer, which must be a 400 with a JSON body, never a 5xx.</summary>
    private static async Task<string?> ErrorAsync(HttpResponseMessage answer)
    {
        Assert.Equal(HttpStatusCode.BadRequest, answer.StatusCode);
        using var body = JsonDocument.Parse(await answer.Content.ReadAsStringAsync());
        return body.RootElement.GetProperty("error").GetString();
    }

    private static string[] Strings(JsonElement root, string name) =>
        [.. root.GetProperty(name).EnumerateArray().Select(e => e.GetString()!)];
}
