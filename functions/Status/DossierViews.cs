// The lookup's rendered views, each kept with the ETag of the dossier row it was rendered under. A lookup reads that
// row anyway, for the access key; every change a citizen can see stamps it (DossierPartition.Touch), so a view whose
// ETag still matches is exactly what a fresh read would render. See docs/decisions/0008.
using Azure;
using Microsoft.Extensions.Caching.Memory;

namespace MotCua.Status;

internal sealed class DossierViews : IDisposable
{
    /// <summary>Rendered JSON kept per instance, in bytes: a few thousand typical dossiers.</summary>
    public const long Budget = 16 * 1024 * 1024;

    private readonly MemoryCache _views = new(new MemoryCacheOptions { SizeLimit = Budget });

    /// <summary>The view rendered under <paramref name="etag"/>, if this instance has it.</summary>
    public byte[]? Find(string dossierId, ETag etag) =>
        _views.TryGetValue(dossierId, out Rendered? rendered) && rendered!.ETag == etag ? rendered.Json : null;

    public void Keep(string dossierId, ETag etag, byte[] json) =>
        _views.Set(dossierId, new Rendered(etag, json), new MemoryCacheEntryOptions { Size = json.Length });

    public void Dispose() => _views.Dispose();

    private sealed record Rendered(ETag ETag, byte[] Json);
}
