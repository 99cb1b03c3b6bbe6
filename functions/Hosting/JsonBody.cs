// A small JSON request body (an agency's registration, a rating) read as its record; the caller has checked the content type.
using System.Text.Json;

namespace MotCua.Hosting;

internal static class JsonBody
{
    /// <summary>The body as a <typeparamref name="T"/>; null when it is not JSON of that shape, or is JSON null.</summary>
    public static async Task<T?> ReadAsync<T>(HttpRequest request, CancellationToken cancellationToken) where T : class
    {
        try
        {
            return await request.ReadFromJsonAsync<T>(JsonSerializerOptions.Web, cancellationToken);
        }
        catch (JsonException)
        {
            return null;
        }
    }
}
