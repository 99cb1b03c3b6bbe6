// The accounts the sign-in page offers, in one place: the page lists them and the tests sign in with them.
namespace MotCua.DemoIdentity;

/// <summary>A test account: a citizen has an <paramref name="IdNumber"/> (12-digit identity number), a business a <paramref name="TaxCode"/>.</summary>
/// <param name="Sub">The token's <c>sub</c>: opaque and stable, as a provider's subject identifier is.</param>
public sealed record TestAccount(string Sub, string Name, string? IdNumber, string? TaxCode);

public static class TestAccounts
{
    public static IReadOnlyList<TestAccount> All { get; } =
    [
        new("5b0e7c1a-3f2d-4e8b-9a61-0c4d2f8e7a13", "Nguyễn Văn An", "001090012345", null),
        new("9d4a2e6f-1b7c-4c3e-8f05-6a2b9d1e4c70", "Trần Thị Bình", "079185000123", null),
        new("2c8f6b3d-7e1a-4f9c-b2d4-8e5a0c3f6b29", "Lê Hoàng Cường", "048200001234", null),
        new("e7a1c4f9-5d2b-4a6e-9c38-1f0b7d2e5a84", "Công ty TNHH Thương mại Sao Mai", null, "0101234567"),
    ];

    /// <summary>The account with this <c>sub</c>, identity number or tax code.</summary>
    public static TestAccount? Find(string? key) =>
        All.FirstOrDefault(a => key is not null && (a.Sub == key || a.IdNumber == key || a.TaxCode == key));
}
