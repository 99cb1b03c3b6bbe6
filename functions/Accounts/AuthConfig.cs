using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.Azure.Functions.Worker;
using Microsoft.Extensions.Options;
using MotCua.Hosting;

namespace MotCua.Accounts;

internal sealed record AuthConfigView(string Authority, string ClientId, string Scope);

/// <summary><c>GET /api/auth/config</c>: where the front end signs citizens in (a public client: nothing here is secret).</summary>
internal sealed class AuthConfig(IOptions<AuthOptions> options)
{
    [Function(nameof(AuthConfig))]
    public Results<Ok<AuthConfigView>, ProblemHttpResult> Run([HttpTrigger(AuthorizationLevel.Anonymous, "get", Route = "auth/config")] HttpRequest request) =>
        options.Value is { Authority: { } authority } auth
            ? TypedResults.Ok(new AuthConfigView(authority.AbsoluteUri, auth.ClientId, auth.Scope))
            : Problems.Status(StatusCodes.Status404NotFound, "Cổng chưa cấu hình đăng nhập.");
}
