// A demo OpenID Connect provider: plays the sign-in side of VNeID for a local portal with a few test citizens and a business,
// so an account can sign in end to end on one machine. No passwords, no real identities; keys and codes live in memory.
using Microsoft.Extensions.Options;
using MotCua.DemoIdentity;

WebApplication app;
try
{
    app = IdentityApp.Build(args);
}
catch (OptionsValidationException ex)
{
    Console.Error.WriteLine(ex.Message);
    return 2;
}

await app.StartAsync();
var options = app.Services.GetRequiredService<IOptions<ProviderOptions>>().Value;
app.Logger.LogInformation("OpenID Connect provider on {Listen} (.well-known/openid-configuration) for client {ClientId}, redirect URIs {RedirectUris}, audience {Audience}, scripts from {AllowedOrigins}; Ctrl+C to stop",
    options.Listen, options.ClientId, string.Join(" ", options.RedirectUris), options.Audience, string.Join(" ", options.AllowedOrigins.Select(ProviderOptions.Origin)));
await app.WaitForShutdownAsync();
return 0;
