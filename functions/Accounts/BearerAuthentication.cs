// A request with Authorization: Bearer is the signed-in citizen's, or it is refused before any function runs: a token that is
// not valid is a 401 whatever the endpoint, one that names nobody the portal serves a 403. A request without one goes on
// anonymous, as every endpoint allowed before accounts existed (API.md: sign-in is optional).
using Microsoft.Azure.Functions.Worker;
using Microsoft.Azure.Functions.Worker.Middleware;
using MotCua.Hosting;

namespace MotCua.Accounts;

internal sealed class BearerAuthentication(BearerTokens tokens, ILogger<BearerAuthentication> logger) : IFunctionsWorkerMiddleware
{
    private const string Scheme = "Bearer ";

    public async Task Invoke(FunctionContext context, FunctionExecutionDelegate next)
    {
        if (context.GetHttpContext() is not { } http || http.Request.Headers.Authorization.ToString() is not { Length: > 0 } authorization)
        {
            await next(context);
            return;
        }

        if (!authorization.StartsWith(Scheme, StringComparison.OrdinalIgnoreCase) || authorization[Scheme.Length..].Trim() is not { Length: > 0 } token)
        {
            Refuse(context, http, StatusCodes.Status401Unauthorized, "Chỉ nhận Authorization: Bearer <access token>.");
            return;
        }

        switch (await tokens.CheckAsync(token, http.RequestAborted))
        {
            case TokenCheck.Valid(var account):
                account.Attach(http);
                await next(context);
                break;
            case TokenCheck.Invalid(var reason):
                logger.LogWarning("Refused a bearer token for {Method} {Path}: {Reason}", http.Request.Method, http.Request.Path, reason);
                http.Response.Headers.WWWAuthenticate = "Bearer error=\"invalid_token\"";
                Refuse(context, http, StatusCodes.Status401Unauthorized, "Phiên đăng nhập không hợp lệ hoặc đã hết hạn; vui lòng đăng nhập lại.");
                break;
            case TokenCheck.NoIdentity:
                logger.LogWarning("Refused a valid token with no identity number or tax code for {Method} {Path}", http.Request.Method, http.Request.Path);
                Refuse(context, http, StatusCodes.Status403Forbidden, "Tài khoản đăng nhập không có số định danh cá nhân hoặc mã số thuế.");
                break;
            case TokenCheck.ProviderUnavailable(var reason):
                logger.LogError("The identity provider could not be read for {Method} {Path}: {Reason}", http.Request.Method, http.Request.Path, reason);
                http.Response.Headers.RetryAfter = $"{StorageOutage.RetryAfterSeconds}";
                Refuse(context, http, StatusCodes.Status503ServiceUnavailable, "Chưa kiểm tra được phiên đăng nhập; vui lòng thử lại sau ít giây.");
                break;
        }
    }

    private static void Refuse(FunctionContext context, HttpContext http, int status, string detail)
    {
        context.GetInvocationResult().Value = Problems.Status(status, detail);
    }
}
