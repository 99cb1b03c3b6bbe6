// Who a request's bearer token names, once BearerAuthentication has checked it.
using System.Security.Cryptography;
using System.Text;

namespace MotCua.Hosting;

/// <summary>A signed-in citizen or business, as the provider vouches for it.</summary>
/// <param name="AccountId">The account's partition: a digest of issuer and subject, so the table holds no identity number in a key.</param>
internal sealed record SignedIn(string AccountId, string Kind, string FullName, string? IdNumber, string? TaxCode)
{
    public const string Citizen = "citizen";
    public const string Business = "business";

    private const string ItemKey = "MotCua.SignedIn";

    public static string AccountIdOf(string issuer, string subject) =>
        Convert.ToHexStringLower(SHA256.HashData(Encoding.UTF8.GetBytes($"{issuer}\n{subject}")))[..32];

    /// <summary>The citizen's identity number or the business's tax code.</summary>
    public string Identifier => IdNumber ?? TaxCode!;

    public void Attach(HttpContext http) => http.Items[ItemKey] = this;

    /// <summary>Who signed the request in, or null for an anonymous request.</summary>
    public static SignedIn? Of(HttpRequest request) => request.HttpContext.Items.TryGetValue(ItemKey, out var value) ? value as SignedIn : null;
}
