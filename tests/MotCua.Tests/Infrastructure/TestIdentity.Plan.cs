// A provider for a portal that must know the provider's address to start, while the provider must know the portal's address
// (its redirect URI, where sign-out returns, the origin its scripts call from) to register it: the provider's address, client and
// audience are chosen first, the portal starts with them, and the provider starts once the portal listens.
using System.Security.Cryptography;
using MotCua.DemoIdentity;

namespace MotCua.Tests.Infrastructure;

public sealed partial class TestIdentity
{
    public sealed record Plan(Uri Authority, string ClientId, string Audience)
    {
        public static Plan New() => new(new Uri($"http://127.0.0.1:{Azurite.FreePort()}/"),
            "test-web-" + RandomNumberGenerator.GetHexString(8, lowercase: true), "test-api-" + RandomNumberGenerator.GetHexString(8, lowercase: true));

        /// <summary>The portal's settings for this provider: the API checks its tokens, the front end signs in with it.</summary>
        public Dictionary<string, string?> PortalSettings => new()
        {
            ["Auth:Authority"] = Authority.AbsoluteUri,
            ["Auth:Audience"] = Audience,
            ["Auth:ClientId"] = ClientId,
            ["Auth:Scope"] = Scope,
            ["Auth:RequireHttpsMetadata"] = "false",
        };

        /// <summary>
        /// Starts the provider for the portal at <paramref name="portal"/>: its /signin-callback.html the redirect URI, its home page
        /// where sign-out returns, its origin allowed to read discovery, the keys and the token endpoint's answers.
        /// </summary>
        public Task<TestIdentity> StartAsync(Uri portal) =>
            TestIdentity.StartAsync(this, IdentityApp.AccessTokenLifetime, [new Uri(portal, "/signin-callback.html")], [new Uri(portal, "/")], [portal]);
    }
}
