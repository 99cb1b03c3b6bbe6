using Microsoft.AspNetCore.Http.HttpResults;
using MotCua.Hosting;

namespace MotCua.Accounts;

/// <summary>The answer of an account's endpoint to a request with no bearer token.</summary>
internal static class SignedInOnly
{
    public static ProblemHttpResult Problem() =>
        Problems.Status(StatusCodes.Status401Unauthorized, "Cần đăng nhập (Authorization: Bearer <access token>).");
}
