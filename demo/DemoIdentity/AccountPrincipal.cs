// What a signed-in test account becomes in the tokens: the same claims in the access token and the id_token.
using System.Security.Claims;
using OpenIddict.Abstractions;
using OpenIddict.Server.AspNetCore;
using static OpenIddict.Abstractions.OpenIddictConstants;

namespace MotCua.DemoIdentity;

internal static class AccountPrincipal
{
    /// <summary>The API's scope, beside <c>openid</c> and <c>profile</c>.</summary>
    public const string ApiScope = "motcua";

    /// <summary>The citizen's identity number: <c>Auth__IdNumberClaim</c>'s default in the portal.</summary>
    public const string IdNumberClaim = "id_number";

    /// <summary>The business's tax code: <c>Auth__TaxCodeClaim</c>'s default in the portal.</summary>
    public const string TaxCodeClaim = "tax_code";

    private static readonly string[] BothTokens = [Destinations.AccessToken, Destinations.IdentityToken];

    /// <param name="scopes">The scopes asked for, already checked by OpenIddict against the registered ones and the client's.</param>
    public static ClaimsPrincipal Create(TestAccount account, IEnumerable<string> scopes, string audience)
    {
        var identity = new ClaimsIdentity(OpenIddictServerAspNetCoreDefaults.AuthenticationScheme, Claims.Name, Claims.Role);
        identity.SetClaim(Claims.Subject, account.Sub)
            .SetClaim(Claims.Name, account.Name)
            .SetClaim(IdNumberClaim, account.IdNumber)
            .SetClaim(TaxCodeClaim, account.TaxCode);
        identity.SetScopes(scopes);
        identity.SetResources(audience);
        identity.SetDestinations(_ => BothTokens);
        return new ClaimsPrincipal(identity);
    }
}
