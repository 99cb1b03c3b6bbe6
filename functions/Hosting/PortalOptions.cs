// Section "Portal": the portal as the world outside reaches it, for the links it hands out. Checked at start.
namespace MotCua.Hosting;

internal sealed class PortalOptions
{
    public const string Section = "Portal";

    /// <summary>
    /// The public address the API's <c>/api/…</c> routes hang under, as agencies and browsers reach it (its own host name in
    /// Azure, a reverse proxy's address, or the DevHost's); it may have a path.
    /// </summary>
    public Uri? BaseUrl { get; set; }

    /// <summary><paramref name="path"/> (no leading slash) under <see cref="BaseUrl"/>, keeping any path it has.</summary>
    public Uri Resolve(string path) => new(BaseUrl!.AbsoluteUri.TrimEnd('/') + "/" + path);

    public static bool IsValid(PortalOptions options) =>
        options.BaseUrl is { IsAbsoluteUri: true, Scheme: "http" or "https", Query: "", Fragment: "" };
}
