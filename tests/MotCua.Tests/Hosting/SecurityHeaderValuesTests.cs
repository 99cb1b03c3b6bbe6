// The header values live in two places, one per side: the worker's (functions/Hosting/SecurityHeaders.cs) and the edge's
// (infra/security-headers.json, which Front Door's rule sets and the DevHost read). These tests keep them in step.
using System.Text.Json;
using Microsoft.AspNetCore.Http;
using MotCua.DevHost.Http;
using MotCua.Hosting;

namespace MotCua.Tests.Hosting;

public sealed class SecurityHeaderValuesTests
{
    private static readonly EdgeHeaders.Sets Edge = JsonSerializer.Deserialize<EdgeHeaders.Sets>(
        File.ReadAllText(Path.Combine(Infrastructure.RepoRoot.Path, "infra", EdgeHeaders.Sets.ResourceName)), JsonSerializerOptions.Web)!;

    [Fact]
    public void The_worker_sends_exactly_the_headers_front_door_sets_on_the_api()
    {
        var worker = new Dictionary<string, string>(SecurityHeaders.Always, StringComparer.OrdinalIgnoreCase)
        {
            [EdgeHeaders.StrictTransportSecurity] = SecurityHeaders.StrictTransportSecurity,
        };
        var edge = new Dictionary<string, string>([.. Edge.EveryResponse, .. Edge.Api], StringComparer.OrdinalIgnoreCase);

        Assert.Equal(edge.OrderBy(h => h.Key, StringComparer.OrdinalIgnoreCase), worker.OrderBy(h => h.Key, StringComparer.OrdinalIgnoreCase));
    }

    [Fact]
    public void Pages_and_api_forbid_framing_and_pages_name_the_identity_provider_only_through_the_placeholder()
    {
        Assert.Contains("frame-ancestors 'none'", Edge.Api["Content-Security-Policy"], StringComparison.Ordinal);
        Assert.Contains("frame-ancestors 'none'", Edge.Pages["Content-Security-Policy"], StringComparison.Ordinal);
        Assert.Contains($"connect-src 'self' {EdgeHeaders.IdentityProviderPlaceholder};", Edge.Pages["Content-Security-Policy"], StringComparison.Ordinal);
        Assert.DoesNotContain("unsafe", Edge.Pages["Content-Security-Policy"], StringComparison.Ordinal);
        Assert.Empty(Edge.Pages.Keys.Intersect(Edge.EveryResponse.Keys, StringComparer.OrdinalIgnoreCase));
        Assert.Empty(Edge.Api.Keys.Intersect(Edge.EveryResponse.Keys, StringComparer.OrdinalIgnoreCase));
    }

    [Theory]
    [InlineData("https://sso.vneid.gov.vn", "connect-src 'self' https://sso.vneid.gov.vn; form-action")]
    [InlineData(null, "connect-src 'self'; form-action")]
    public void The_pages_connect_to_the_configured_provider_or_to_the_portal_alone_when_sign_in_is_off(string? origin, string expected)
    {
        Assert.Contains(expected, EdgeHeaders.WithIdentityProvider(Edge.Pages["Content-Security-Policy"], origin), StringComparison.Ordinal);
    }

    [Theory]
    [InlineData(true)]
    [InlineData(false)]
    public void The_worker_adds_strict_transport_security_over_https_only(bool https)
    {
        IHeaderDictionary headers = new HeaderDictionary();

        SecurityHeaders.Apply(headers, https);

        Assert.Equal(https ? SecurityHeaders.StrictTransportSecurity : null, headers.StrictTransportSecurity.FirstOrDefault());
        Assert.Equal("no-store", headers.CacheControl.ToString());
    }
}
