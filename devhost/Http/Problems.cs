// The problem+json answers the DevHost gives itself, worded as the app's own (a title in English by status, the detail in Vietnamese).
using Microsoft.AspNetCore.Http.HttpResults;

namespace MotCua.DevHost.Http;

internal static class Problems
{
    public static ProblemHttpResult Status(int status, string detail) => TypedResults.Problem(detail: detail, statusCode: status, title: status switch
    {
        StatusCodes.Status400BadRequest => "Bad Request",
        StatusCodes.Status401Unauthorized => "Unauthorized",
        StatusCodes.Status404NotFound => "Not Found",
        StatusCodes.Status503ServiceUnavailable => "Service Unavailable",
        _ => "Error",
    });

    /// <summary>Every problem+json carries a <c>detail</c> (API.md), also those ASP.NET Core writes itself (a 404, a 405).</summary>
    public static void FillDetail(ProblemDetailsContext context)
    {
        context.ProblemDetails.Detail ??= context.ProblemDetails.Status switch
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
