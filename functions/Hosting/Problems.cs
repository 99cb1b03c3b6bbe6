using Microsoft.AspNetCore.Http.HttpResults;

namespace MotCua.Hosting;

/// <summary>The problem+json answers every function gives: a title in English by status, the detail in Vietnamese.</summary>
internal static class Problems
{
    /// <summary>RFC 6585 defines 429; ASP.NET Core has no default type for it.</summary>
    private const string TooManyRequestsType = "https://tools.ietf.org/html/rfc6585#section-4";

    /// <summary>400 with <c>errors</c>: one field path and its message.</summary>
    public static ValidationProblem Invalid(string path, string message) =>
        TypedResults.ValidationProblem(new Dictionary<string, string[]> { [path] = [message] }, title: "Dữ liệu không hợp lệ");

    public static ProblemHttpResult Status(int status, string detail) => TypedResults.Problem(detail: detail, statusCode: status,
        type: status == StatusCodes.Status429TooManyRequests ? TooManyRequestsType : null, title: status switch
    {
        StatusCodes.Status400BadRequest => "Bad Request",
        StatusCodes.Status401Unauthorized => "Unauthorized",
        StatusCodes.Status403Forbidden => "Forbidden",
        StatusCodes.Status404NotFound => "Not Found",
        StatusCodes.Status409Conflict => "Conflict",
        StatusCodes.Status410Gone => "Gone",
        StatusCodes.Status413PayloadTooLarge => "Payload Too Large",
        StatusCodes.Status415UnsupportedMediaType => "Unsupported Media Type",
        StatusCodes.Status429TooManyRequests => "Too Many Requests",
        StatusCodes.Status503ServiceUnavailable => "Service Unavailable",
        _ => "Error",
    });

    /// <summary>
    /// Every problem+json carries a <c>detail</c> (API.md), also those ASP.NET Core writes itself (a 405, a request it
    /// could not read) and validation problems, whose detail is the field messages in one sentence.
    /// </summary>
    public static void FillDetail(ProblemDetailsContext context)
    {
        var problem = context.ProblemDetails;
        problem.Detail ??= problem is HttpValidationProblemDetails { Errors.Count: > 0 } validation
            ? string.Join(" ", validation.Errors.SelectMany(error => error.Value))
            : problem.Status switch
            {
                StatusCodes.Status400BadRequest => "Yêu cầu không đọc được.",
                StatusCodes.Status401Unauthorized => "Thiếu hoặc sai khóa truy cập.",
                StatusCodes.Status404NotFound => "Không tìm thấy.",
                StatusCodes.Status405MethodNotAllowed => $"Đường dẫn này không nhận phương thức {context.HttpContext.Request.Method}.",
                StatusCodes.Status413PayloadTooLarge => "Yêu cầu quá lớn.",
                StatusCodes.Status415UnsupportedMediaType => "Kiểu nội dung không được hỗ trợ.",
                _ => "Hệ thống gặp lỗi khi xử lý yêu cầu.",
            };
    }
}
