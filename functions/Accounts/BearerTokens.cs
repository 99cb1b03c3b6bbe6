// Checks an access token the way ASP.NET Core's JwtBearer handler does, with the same library (Microsoft.IdentityModel): the
// provider's discovery document names the issuer and its signing keys (fetched, cached and refreshed when a key is unknown), and
// the token must be signed by one of them with an asymmetric algorithm, be for this API's audience and be within its lifetime.
using Microsoft.Extensions.Options;
using Microsoft.IdentityModel.JsonWebTokens;
using Microsoft.IdentityModel.Protocols;
using Microsoft.IdentityModel.Protocols.OpenIdConnect;
using Microsoft.IdentityModel.Tokens;
using MotCua.Hosting;
using MotCua.Vietnam;

namespace MotCua.Accounts;

/// <summary>What a bearer token turned out to be.</summary>
internal abstract record TokenCheck
{
    public sealed record Valid(SignedIn Account) : TokenCheck;

    /// <summary>Not a token of the provider for this API, or no longer valid: 401.</summary>
    public sealed record Invalid(string Reason) : TokenCheck;

    /// <summary>A valid token naming nobody the portal can serve (no identity number or tax code): 403.</summary>
    public sealed record NoIdentity : TokenCheck;

    /// <summary>The provider's discovery document or keys cannot be read now: 503.</summary>
    public sealed record ProviderUnavailable(string Reason) : TokenCheck;
}

internal sealed class BearerTokens
{
    /// <summary>Asymmetric algorithms only: a token signed with a shared secret, or unsigned (<c>alg: none</c>), is never accepted.</summary>
    private static readonly string[] Algorithms =
    [
        SecurityAlgorithms.RsaSha256, SecurityAlgorithms.RsaSha384, SecurityAlgorithms.RsaSha512,
        SecurityAlgorithms.RsaSsaPssSha256, SecurityAlgorithms.RsaSsaPssSha384, SecurityAlgorithms.RsaSsaPssSha512,
        SecurityAlgorithms.EcdsaSha256, SecurityAlgorithms.EcdsaSha384, SecurityAlgorithms.EcdsaSha512,
    ];

    private readonly AuthOptions _options;
    private readonly ConfigurationManager<OpenIdConnectConfiguration>? _metadata;
    private readonly JsonWebTokenHandler _handler = new();

    public BearerTokens(IOptions<AuthOptions> options, IHttpClientFactory clients)
    {
        _options = options.Value;
        if (_options.Authority is { } authority)
        {
            var discovery = new Uri(new Uri(authority.AbsoluteUri.TrimEnd('/') + "/"), ".well-known/openid-configuration");
            _metadata = new ConfigurationManager<OpenIdConnectConfiguration>(discovery.AbsoluteUri, new OpenIdConnectConfigurationRetriever(),
                new HttpDocumentRetriever(clients.CreateClient(nameof(BearerTokens))) { RequireHttps = _options.RequireHttpsMetadata });
        }
    }

    public async Task<TokenCheck> CheckAsync(string token, CancellationToken cancellationToken)
    {
        if (_metadata is null)
        {
            return new TokenCheck.Invalid("sign-in is not configured (Auth__Authority)");
        }

        OpenIdConnectConfiguration configuration;
        try
        {
            configuration = await _metadata.GetConfigurationAsync(cancellationToken);
        }
        catch (InvalidOperationException ex)
        {
            return new TokenCheck.ProviderUnavailable(ex.Message);
        }

        var result = await _handler.ValidateTokenAsync(token, Parameters(configuration));
        if (result.Exception is SecurityTokenSignatureKeyNotFoundException)
        {
            // The provider may have rotated its keys since they were read: read them again (at most every five minutes) and retry once.
            _metadata.RequestRefresh();
            try
            {
                result = await _handler.ValidateTokenAsync(token, Parameters(await _metadata.GetConfigurationAsync(cancellationToken)));
            }
            catch (InvalidOperationException ex)
            {
                return new TokenCheck.ProviderUnavailable(ex.Message);
            }
        }

        return result.IsValid ? Identify(result.ClaimsIdentity, configuration.Issuer) : new TokenCheck.Invalid(result.Exception?.GetType().Name ?? "invalid");
    }

    private TokenValidationParameters Parameters(OpenIdConnectConfiguration configuration) => new()
    {
        ValidIssuer = configuration.Issuer,
        ValidAudience = _options.Audience,
        IssuerSigningKeys = configuration.SigningKeys,
        ValidAlgorithms = Algorithms,
        RequireSignedTokens = true,
        RequireExpirationTime = true,
        ValidateIssuerSigningKey = true,
        ClockSkew = _options.ClockSkew,
    };

    /// <summary>The account the claims name: <c>sub</c>, <c>name</c>, and a valid identity number or tax code.</summary>
    private TokenCheck Identify(System.Security.Claims.ClaimsIdentity claims, string issuer)
    {
        var subject = claims.FindFirst(JwtRegisteredClaimNames.Sub)?.Value;
        var name = claims.FindFirst(JwtRegisteredClaimNames.Name)?.Value;
        var idNumber = claims.FindFirst(_options.IdNumberClaim)?.Value;
        var taxCode = claims.FindFirst(_options.TaxCodeClaim)?.Value;
        if (string.IsNullOrWhiteSpace(subject) || string.IsNullOrWhiteSpace(name))
        {
            return new TokenCheck.NoIdentity();
        }

        var accountId = SignedIn.AccountIdOf(issuer, subject);
        var fullName = VietnameseText.Normalize(name.Trim());
        if (idNumber is not null && Identifiers.ValidateIdNumber(idNumber) is null)
        {
            return new TokenCheck.Valid(new SignedIn(accountId, SignedIn.Citizen, fullName, idNumber, null));
        }

        return taxCode is not null && Identifiers.ValidateTaxCode(taxCode) is null
            ? new TokenCheck.Valid(new SignedIn(accountId, SignedIn.Business, fullName, null, taxCode))
            : new TokenCheck.NoIdentity();
    }
}
