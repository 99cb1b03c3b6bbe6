// The provider as an app, built here so that Program.cs and the tests start the same thing.
using Microsoft.AspNetCore.Authentication.Cookies;
using Microsoft.AspNetCore.DataProtection;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Options;
using Microsoft.IdentityModel.Tokens;
using OpenIddict.Server;
using static OpenIddict.Abstractions.OpenIddictConstants;

namespace MotCua.DemoIdentity;

public static class IdentityApp
{
    public const string TokenPath = "/connect/token";

    public static readonly TimeSpan AccessTokenLifetime = TimeSpan.FromMinutes(15);

    /// <summary>
    /// The provider, listening where <c>--listen</c> says once started, its issuer that same URL. Throws
    /// <see cref="OptionsValidationException"/> on a bad option. <paramref name="configure"/> may replace services.
    /// </summary>
    public static WebApplication Build(string[] args, Action<IServiceCollection>? configure = null)
    {
        var builder = WebApplication.CreateSlimBuilder(args);
        builder.Configuration.AddCommandLine(args, ProviderOptions.Switches);
        builder.Logging.AddSimpleConsole(console => (console.SingleLine, console.TimestampFormat) = (true, "HH:mm:ss "));
        // This program logs every sign-in in its own words; per-request framework lines would drown them.
        builder.Logging.AddFilter("Microsoft.AspNetCore", LogLevel.Warning).AddFilter("Microsoft.EntityFrameworkCore", LogLevel.Warning)
            .AddFilter("OpenIddict", LogLevel.Warning);

        builder.Services.AddOptions<ProviderOptions>().BindConfiguration(ProviderOptions.Section)
            .PostConfigure(o => o.FillDefaults())
            .Validate(o => o.Listen is { IsAbsoluteUri: true, Scheme: "http" or "https", AbsolutePath: "/" }, "--listen must be an http(s) URL without a path")
            .Validate(o => !string.IsNullOrWhiteSpace(o.ClientId), "--client-id must not be empty")
            .Validate(o => o.RedirectUris.TrueForAll(ProviderOptions.IsRedirectUri), "every redirect URI must be an absolute http(s) URL without a fragment")
            .Validate(o => o.PostLogoutRedirectUris.TrueForAll(ProviderOptions.IsRedirectUri), "every post-logout redirect URI must be an absolute http(s) URL without a fragment")
            .Validate(o => !string.IsNullOrWhiteSpace(o.Audience), "--audience must not be empty")
            .Validate(o => o.AllowedOrigins.TrueForAll(ProviderOptions.IsOrigin), "every allowed origin must be an http(s) URL without a path, query or fragment");
        AddOpenIddict(builder.Services);
        // Sessions and antiforgery tokens, like the signing key, live as long as the process.
        builder.Services.AddDataProtection().UseEphemeralDataProtectionProvider();
        builder.Services.AddAuthentication(CookieAuthenticationDefaults.AuthenticationScheme)
            .AddCookie(cookie => cookie.Cookie.Name = ".MotCua.DemoIdentity.Session");
        builder.Services.AddAntiforgery(antiforgery => antiforgery.Cookie.Name = ".MotCua.DemoIdentity.Antiforgery");
        builder.Services.AddBrowserCors();
        builder.Services.AddHostedService<ClientRegistration>();
        configure?.Invoke(builder.Services);

        var app = builder.Build();
        var options = app.Services.GetRequiredService<IOptions<ProviderOptions>>().Value;
        app.Urls.Add(options.Listen.GetLeftPart(UriPartial.Authority));
        app.UseBrowserCors();
        app.UseAuthentication();
        app.MapSignInPage();
        return app;
    }

    private static void AddOpenIddict(IServiceCollection services)
    {
        // One database per app: two providers in one test process must not share clients or codes.
        var database = $"{ProviderOptions.Section}-{Guid.NewGuid():N}";
        services.AddDbContext<ProviderStore>(db => db.UseInMemoryDatabase(database).UseOpenIddict());
        services.AddOpenIddict()
            // The in-memory provider has no ExecuteUpdate, which the store's bulk revocation (a code used twice) uses.
            .AddCore(core => core.UseEntityFrameworkCore().UseDbContext<ProviderStore>().DisableBulkOperations())
            .AddServer(server => server
                .SetAuthorizationEndpointUris(SignInPage.AuthorizePath)
                .SetTokenEndpointUris(TokenPath)
                .SetEndSessionEndpointUris(SignInPage.LogoutPath)
                .AllowAuthorizationCodeFlow()
                .RequireProofKeyForCodeExchange()
                .RegisterScopes(Scopes.Profile, AccountPrincipal.ApiScope)
                .RegisterClaims(Claims.Name, AccountPrincipal.IdNumberClaim, AccountPrincipal.TaxCodeClaim)
                .SetAccessTokenLifetime(AccessTokenLifetime)
                // A JWS the API can read, not a JWE only this provider could.
                .DisableAccessTokenEncryption()
                // Made at start, kept in memory: every token dies with the process. Codes are read by this provider alone, so
                // their key is symmetric: an AES key costs nothing to make, a second RSA key seconds on a busy machine.
                .AddEphemeralSigningKey()
                .AddEphemeralEncryptionKey(SecurityAlgorithms.Aes256KW)
                .UseAspNetCore()
                .EnableAuthorizationEndpointPassthrough()
                .EnableEndSessionEndpointPassthrough()
                .DisableTransportSecurityRequirement());
        services.AddOptions<OpenIddictServerOptions>().Configure<IOptions<ProviderOptions>>((server, provider) =>
        {
            server.Issuer = provider.Value.Listen;
            // The code flow brings "plain" along; only S256 proves the verifier was never sent in the clear.
            server.CodeChallengeMethods.Remove(CodeChallengeMethods.Plain);
            // The one client is public: it authenticates with nothing but its client_id.
            server.ClientAuthenticationMethods.Clear();
            server.ClientAuthenticationMethods.Add(ClientAuthenticationMethods.None);
        });
    }
}
