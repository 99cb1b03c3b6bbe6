// What the account tests start from: the demo provider, an agency as EVN Hà Nội, the portal accepting the provider's tokens,
// Nguyễn Văn An and Trần Thị Bình signed in, and An's dossier for a new electricity connection, submitted signed in and forwarded.
using MotCua.Tests.Infrastructure;

namespace MotCua.Tests.Accounts;

internal sealed class AccountScene : IAsyncDisposable
{
    public const string Hanoi = "evn-hanoi";
    public const string AnIdNumber = "001090012345";
    public const string BinhIdNumber = "079185000123";

    private AccountScene(TestIdentity identity, TestAgency agency, Portal portal, string an, string binh, Submitted dossier) =>
        (Identity, Agency, Portal, An, Binh, Dossier) = (identity, agency, portal, an, binh, dossier);

    public TestIdentity Identity { get; }

    public TestAgency Agency { get; }

    public Portal Portal { get; }

    /// <summary>An's access token.</summary>
    public string An { get; }

    /// <summary>Bình's access token.</summary>
    public string Binh { get; }

    /// <summary>An's dossier, with two attachments, forwarded to EVN Hà Nội.</summary>
    public Submitted Dossier { get; }

    public static async Task<AccountScene> StartAsync(Azurite azurite)
    {
        var identity = await TestIdentity.StartAsync();
        var agency = await TestAgency.StartAsync();
        var portal = await Portal.StartAsync(azurite, identity.PortalSettings());
        var (an, binh) = (await SignInAsync(identity, AnIdNumber), await SignInAsync(identity, BinhIdNumber));
        var dossier = await portal.SubmitForwardedAsync(agency, Hanoi,
            p => p.SubmitMultipartAsync(Samples.ElectricityConnection(), Samples.ElectricityConnectionFiles(), bearer: an));
        return new AccountScene(identity, agency, portal, an, binh, dossier);
    }

    public static async Task<string> SignInAsync(TestIdentity identity, string account) =>
        (await identity.SignInAsync(account, TestIdentity.DefaultRedirectUri)).AccessToken;

    public async ValueTask DisposeAsync()
    {
        await Portal.DisposeAsync();
        await Agency.DisposeAsync();
        await Identity.DisposeAsync();
    }
}
