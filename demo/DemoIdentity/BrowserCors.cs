// The portal's front end is a public client running in the browser: its script reads the discovery document and the keys,
// and redeems the code at the token endpoint, all from another origin. CORS lets the configured origins read those answers,
// and only those; the sign-in and sign-out pages are navigations, which need no CORS and get none.
using Microsoft.AspNetCore.Cors.Infrastructure;
using Microsoft.Extensions.Options;

namespace MotCua.DemoIdentity;

internal static class BrowserCors
{
    private const string Policy = "front-end";

    public static IServiceCollection AddBrowserCors(this IServiceCollection services)
    {
        services.AddCors();
        services.AddOptions<CorsOptions>().Configure<IOptions<ProviderOptions>>((cors, provider) =>
            cors.AddPolicy(Policy, policy => policy
                .WithOrigins([.. provider.Value.AllowedOrigins.Select(ProviderOptions.Origin)])
                .WithMethods(HttpMethods.Get, HttpMethods.Post)
                .WithHeaders("Content-Type")));
        return services;
    }

    /// <summary>Before OpenIddict, which answers these endpoints itself (a preflight is answered here).</summary>
    public static void UseBrowserCors(this WebApplication app) =>
        app.UseWhen(context => IsForScripts(context.Request.Path), branch => branch.UseCors(Policy));

    private static bool IsForScripts(PathString path) =>
        path.StartsWithSegments("/.well-known", StringComparison.Ordinal) || path.Equals(IdentityApp.TokenPath, StringComparison.Ordinal);
}
