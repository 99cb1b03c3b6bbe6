using Microsoft.AspNetCore.Http.HttpResults;

namespace MotCua.Hosting;

/// <summary>The problem+json answers every function gives: a title in English by status, the detail in Vietnamese.</summary>
internal static class Problems
{
    /// <summary>400 with <c>errors</c>: one field path and its message.</summary>
    public static ValidationProblem Invalid(string path, string message) =>
        TypedResults.ValidationProblem(new Dictionary<string, string[]> { [path] = [message] }, title: "Dữ liệu không hợp lệ");

    public static ProblemHttpResult Status(int status, string detail) => TypedResults.Problem(detail: detail, statusCode: status, title: status switch
    {
        StatusCodes.Status400BadRequest => "Bad Request",
        StatusCodes.Status401Unauthorized => "Unauthorized",
        StatusCodes.Status404NotFound => "Not Found",
        StatusCodes.Status409Conflict => "Conflict",
        StatusCodes.Status413PayloadTooLarge => "Payload Too Large",
        StatusCodes.Status415UnsupportedMediaType => "Unsupported Media Type",
        StatusCodes.Status503ServiceUnavailable => "Service Unavailable",
        _ => "Error",
    });
}
