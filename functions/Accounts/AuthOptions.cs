// Auth__*: the OpenID Connect provider citizens sign in with (VNeID in production, demo/DemoIdentity locally) and the claims read.
namespace MotCua.Accounts;

internal sealed class AuthOptions
{
    public const string Section = "Auth";

    /// <summary>The provider's issuer; its discovery document is <c>{Authority}/.well-known/openid-configuration</c>. Empty: sign-in is off.</summary>
    public Uri? Authority { get; set; }

    /// <summary>The <c>aud</c> an access token for this API carries.</summary>
    public string Audience { get; set; } = "";

    /// <summary>The front end's public client id at the provider.</summary>
    public string ClientId { get; set; } = "";

    /// <summary>The scopes the front end asks for.</summary>
    public string Scope { get; set; } = "openid profile";

    public string IdNumberClaim { get; set; } = "id_number";

    public string TaxCodeClaim { get; set; } = "tax_code";

    /// <summary>Refuse an authority (and its keys) not served over HTTPS; off only for a local provider.</summary>
    public bool RequireHttpsMetadata { get; set; } = true;

    /// <summary>How far a token's times may be off this clock.</summary>
    public TimeSpan ClockSkew { get; set; } = TimeSpan.FromMinutes(1);
}
