// What the portal cleans rather than refuses (decomposed text, paths in file names) is stored cleaned; what the bad-input
// corpus sends is refused (BadInputCorpusTests).
using System.Net;
using System.Text;
using System.Text.Json.Nodes;
using MotCua.Storage;
using MotCua.Tests.Infrastructure;

namespace MotCua.Tests.Reliability;

public sealed class CleanedInputTests(Azurite azurite) : IClassFixture<Azurite>
{
    [Fact]
    public async Task Decomposed_text_is_stored_in_NFC_and_markup_in_free_text_is_kept_verbatim_and_served_escaped()
    {
        await using var portal = await Portal.StartAsync(azurite);
        const string Markup = "<script>alert(1)</script>' OR '1'='1";
        var dossier = new
        {
            procedureCode = Samples.ElectricityBill,
            applicant = new
            {
                kind = "citizen", fullName = $"Nguyễn Văn An {Markup}".Normalize(NormalizationForm.FormD), idNumber = "001090012345", phone = "0912345678",
                address = "Số 1 Tràng Tiền, Hoàn Kiếm".Normalize(NormalizationForm.FormD),
            },
            fields = new { customerCode = "PD01001234567", province = "Hà Nội".Normalize(NormalizationForm.FormD), billingPeriod = "10/2026", amountVnd = 356000 },
        };

        var submitted = await portal.SubmitJsonAsync(dossier);
        using var view = await portal.Client.SendAsync(HttpMethod.Get, $"/api/dossiers/{submitted.Id}", accessKey: submitted.AccessKey);
        var viewText = await view.Content.ReadAsStringAsync();

        Assert.Equal(HttpStatusCode.Created, submitted.Response.StatusCode);
        Assert.Equal("evn-hanoi", submitted.Body!["deliveries"]![0]!["agencyId"]!.GetValue<string>());
        var row = Assert.Single(await portal.RowsAsync(submitted.Id, DossierRow.Key));
        Assert.Equal($"Nguyễn Văn An {Markup}", row.GetString(nameof(DossierRow.ApplicantFullName)));
        Assert.True(row.GetString(nameof(DossierRow.ApplicantJson)).IsNormalized(NormalizationForm.FormC));
        Assert.Equal("Hà Nội", JsonNode.Parse(row.GetString(nameof(DossierRow.FieldsJson)))!["province"]!.GetValue<string>());
        Assert.Equal($"Nguyễn Văn An {Markup}", JsonNode.Parse(viewText)!["applicant"]!["fullName"]!.GetValue<string>());
        Assert.DoesNotContain("<", viewText, StringComparison.Ordinal);
        Assert.DoesNotContain("'", viewText, StringComparison.Ordinal);
    }

    [Fact]
    public async Task File_names_lose_their_paths_and_never_name_a_blob()
    {
        await using var portal = await Portal.StartAsync(azurite);
        var files = Samples.LicenceFiles();
        files[0] = ("healthCertificate", "../../../../etc/passwd.pdf", files[0].Item3);
        files[1] = ("currentLicence", @"..\..\Windows\GPLX hiện tại.png".Normalize(NormalizationForm.FormD), files[1].Item3);
        files[2] = ("portraitPhoto", @"C:\Users\An\ảnh chân dung.jpg", files[2].Item3);

        var submitted = await portal.SubmitMultipartAsync(Samples.Licence(), files);

        Assert.Equal(HttpStatusCode.Created, submitted.Response.StatusCode);
        var stored = await portal.RowsAsync(submitted.Id, FileRow.AttachmentPrefix);
        Assert.Equal(["GPLX hiện tại.png", "passwd.pdf", "ảnh chân dung.jpg"],
            stored.Select(r => r.GetString(nameof(FileRow.FileName))).Order(StringComparer.Ordinal));
        Assert.All(stored, r => Assert.Matches($"^{submitted.Id}/[0-9a-f]{{16}}$", r.GetString(nameof(FileRow.BlobName))));
    }
}
