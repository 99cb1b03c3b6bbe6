// The browser's side. GET /connect/authorize shows the sign-in page unless the browser is already signed in; its form posts
// the same authorization request back with the account chosen, which OpenIddict checks all over again (client, redirect URI,
// PKCE) before this code runs. The answer is the code, sent to the redirect URI by OpenIddict. /connect/logout ends the session.
using System.Security.Claims;
using Microsoft.AspNetCore;
using Microsoft.AspNetCore.Antiforgery;
using Microsoft.AspNetCore.Authentication;
using Microsoft.AspNetCore.Authentication.Cookies;
using Microsoft.Extensions.Options;
using OpenIddict.Abstractions;
using OpenIddict.Server.AspNetCore;
using static OpenIddict.Abstractions.OpenIddictConstants;

namespace MotCua.DemoIdentity;

internal static class SignInPage
{
    public const string AuthorizePath = "/connect/authorize";

    public const string LogoutPath = "/connect/logout";

    /// <summary>The form field carrying the chosen account's <c>sub</c>.</summary>
    public const string AccountField = "account";

    private const string Html = "text/html; charset=utf-8";

    public static void MapSignInPage(this IEndpointRouteBuilder app)
    {
        app.MapMethods(AuthorizePath, [HttpMethods.Get, HttpMethods.Post], AuthorizeAsync);
        app.MapMethods(LogoutPath, [HttpMethods.Get, HttpMethods.Post], LogoutAsync);
    }

    private static async Task<IResult> AuthorizeAsync(HttpContext context, IAntiforgery antiforgery, IOptions<ProviderOptions> options,
        ILoggerFactory loggers)
    {
        var request = context.GetOpenIddictServerRequest() ?? throw new InvalidOperationException("OpenIddict did not handle this request");
        var log = loggers.CreateLogger(typeof(SignInPage));
        if (HttpMethods.IsPost(context.Request.Method))
        {
            if (!await antiforgery.IsRequestValidAsync(context))
            {
                log.LogWarning("Refused a sign-in form without a valid antiforgery token");
                return Page(context, antiforgery, request, SignInPageHtml.Expired, StatusCodes.Status400BadRequest);
            }

            if (TestAccounts.Find(context.Request.Form[AccountField]) is not { } chosen)
            {
                return Page(context, antiforgery, request, SignInPageHtml.NoAccount, StatusCodes.Status400BadRequest);
            }

            await context.SignInAsync(CookieAuthenticationDefaults.AuthenticationScheme,
                new ClaimsPrincipal(new ClaimsIdentity([new Claim(Claims.Subject, chosen.Sub)], CookieAuthenticationDefaults.AuthenticationScheme)));
            return Issue(chosen, request, options.Value, log);
        }

        var session = await context.AuthenticateAsync(CookieAuthenticationDefaults.AuthenticationScheme);
        var signedIn = session.Succeeded ? TestAccounts.Find(session.Principal.FindFirstValue(Claims.Subject)) : null;
        if (request.HasPromptValue(PromptValues.None))
        {
            return signedIn is null
                ? Results.Forbid(new AuthenticationProperties(new Dictionary<string, string?>
                {
                    [OpenIddictServerAspNetCoreConstants.Properties.Error] = Errors.LoginRequired,
                    [OpenIddictServerAspNetCoreConstants.Properties.ErrorDescription] = "The user is not signed in.",
                }), [OpenIddictServerAspNetCoreDefaults.AuthenticationScheme])
                : Issue(signedIn, request, options.Value, log);
        }

        return signedIn is null || request.HasPromptValue(PromptValues.Login)
            ? Page(context, antiforgery, request, error: null, StatusCodes.Status200OK)
            : Issue(signedIn, request, options.Value, log);
    }

    private static async Task<IResult> LogoutAsync(HttpContext context, ILoggerFactory loggers)
    {
        var request = context.GetOpenIddictServerRequest() ?? throw new InvalidOperationException("OpenIddict did not handle this request");
        await context.SignOutAsync(CookieAuthenticationDefaults.AuthenticationScheme);
        loggers.CreateLogger(typeof(SignInPage)).LogInformation("Signed out; back to {PostLogoutRedirectUri}", request.PostLogoutRedirectUri ?? "(none)");
        // OpenIddict has checked post_logout_redirect_uri against the client's; without one there is nowhere to go back to.
        return request.PostLogoutRedirectUri is null
            ? Results.Content(SignInPageHtml.SignedOut(), Html)
            : Results.SignOut(authenticationSchemes: [OpenIddictServerAspNetCoreDefaults.AuthenticationScheme]);
    }

    private static IResult Issue(TestAccount account, OpenIddictRequest request, ProviderOptions options, ILogger log)
    {
        log.LogInformation("Signed in {Sub} for {ClientId}; the code goes to {RedirectUri}", account.Sub, request.ClientId, request.RedirectUri);
        return Results.SignIn(AccountPrincipal.Create(account, request.GetScopes(), options.Audience),
            authenticationScheme: OpenIddictServerAspNetCoreDefaults.AuthenticationScheme);
    }

    private static IResult Page(HttpContext context, IAntiforgery antiforgery, OpenIddictRequest request, string? error, int status)
    {
        var tokens = antiforgery.GetAndStoreTokens(context);
        var carried = request.GetParameters()
            .Where(p => p.Key != AccountField && p.Key != tokens.FormFieldName)
            .Select(p => (Name: p.Key, Value: (string?)p.Value ?? ""));
        return Results.Content(SignInPageHtml.SignIn(carried, (tokens.FormFieldName, tokens.RequestToken!), error), Html, statusCode: status);
    }
}
