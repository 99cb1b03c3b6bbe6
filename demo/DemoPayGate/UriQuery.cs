namespace MotCua.DemoPayGate;

internal static class UriQuery
{
    /// <summary>
    /// <paramref name="url"/> with <paramref name="query"/> appended to the query it may already have, byte for byte: a plain
    /// <see cref="Uri"/> would turn the signed text's <c>%7E</c> back into <c>~</c>.
    /// </summary>
    public static Uri WithQuery(this Uri url, string query) =>
        new(url.AbsoluteUri + (string.IsNullOrEmpty(url.Query) ? "?" : "&") + query,
            new UriCreationOptions { DangerousDisablePathAndQueryCanonicalization = true });
}
