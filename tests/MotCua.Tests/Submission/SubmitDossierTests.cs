using System.Net;
using System.Text.Json.Nodes;
using Azure.Data.Tables;
using MotCua.Tests.Infrastructure;

namespace MotCua.Tests.Submission;

public sealed class SubmitDossierTests(Azurite azurite) : IClassFixture<Azurite>
{
    private static Dictionary<string, string?> SmallLimits() => new Dictionary<string, string?>
    {
        ["Limits:MaxFileBytes"] = "4096",
        ["Limits:MaxDossierBytes"] = "10000",
        ["Limits:MaxFiles"] = "4",
    };

    [Fact]
    public async Task A_json_dossier_is_received_with_a_readable_id_a_strong_key_and_a_due_date_in_vietnam_time()
    {
        await using var portal = await Portal.StartAsync(azurite);

        var submitted = await portal.SubmitJsonAsync(Samples.ElectricityPayment());

        Assert.Equal(HttpStatusCode.Created, submitted.Response.StatusCode);
        var body = submitted.Body!;
        Assert.Matches("^HS-[0-9A-Z]{12}$", submitted.Id);
        Assert.True(submitted.AccessKey.Length >= 22, "an access key carries at least 128 random bits");
        Assert.Equal($"/api/dossiers/{submitted.Id}", submitted.Response.Headers.Location?.OriginalString);
        Assert.Equal("received", body["status"]!.GetValue<string>());
        Assert.EndsWith("+07:00", body["dueAt"]!.GetValue<string>());
        Assert.True(DateTimeOffset.Parse(body["dueAt"]!.GetValue<string>(), System.Globalization.CultureInfo.InvariantCulture)
                    > DateTimeOffset.Parse(body["submittedAt"]!.GetValue<string>(), System.Globalization.CultureInfo.InvariantCulture));
        var delivery = Assert.Single(body["deliveries"]!.AsArray());
        Assert.Equal("evn-hanoi", delivery!["agencyId"]!.GetValue<string>());

        var dossierRow = Assert.Single(await portal.RowsAsync(submitted.Id, "dossier"));
        Assert.NotEqual(submitted.AccessKey, dossierRow.GetString("AccessKeyHash"));
        Assert.DoesNotContain(((IDictionary<string, object>)dossierRow).Values, v => v is string text && text.Contains(submitted.AccessKey, StringComparison.OrdinalIgnoreCase));
        Assert.Single(await portal.RowsAsync(submitted.Id, "delivery|"));
        Assert.Single(await portal.RowsAsync(submitted.Id, "event|"));
        Assert.Single(await portal.RowsAsync(submitted.Id, "history|"));
    }

    [Fact]
    public async Task A_multipart_dossier_stores_each_file_in_blob_storage_with_its_sha256_and_detected_type()
    {
        await using var portal = await Portal.StartAsync(azurite);
        var files = Samples.LicenceFiles();

        var submitted = await portal.SubmitMultipartAsync(Samples.Licence(), files);

        Assert.True(HttpStatusCode.Created == submitted.Response.StatusCode, submitted.Body?.ToJsonString());
        var rows = await portal.RowsAsync(submitted.Id, "attachment|");
        Assert.Equal(3, rows.Count);
        foreach (var (part, _, content) in files)
        {
            var row = Assert.Single(rows, r => r.GetString("Source") == part);
            Assert.Equal(Convert.ToHexStringLower(System.Security.Cryptography.SHA256.HashData(content)), row.GetString("Sha256"));
            var blob = await portal.Blobs.GetBlobContainerClient("attachments").GetBlobClient(row.GetString("BlobName")).DownloadContentAsync();
            Assert.Equal(content, blob.Value.Content.ToArray());
            Assert.Equal(row.GetString("ContentType"), blob.Value.Details.ContentType);
        }

        Assert.Equal("image/png", rows.Single(r => r.GetString("Source") == "currentLicence").GetString("ContentType"));
        Assert.Equal("GPLX hiện tại.png", rows.Single(r => r.GetString("Source") == "currentLicence").GetString("FileName"));
    }

    [Fact]
    public async Task Invalid_fields_and_identifiers_are_reported_in_vietnamese_under_their_paths_and_nothing_is_stored()
    {
        await using var portal = await Portal.StartAsync(azurite);
        var marker = Samples.Marker();

        var submitted = await portal.SubmitJsonAsync(Samples.ElectricityPayment(
            applicant: Samples.Citizen(idNumber: "12345", phone: "0123", marker: marker), customerCode: "not-a-code"));

        Assert.Equal(HttpStatusCode.BadRequest, submitted.Response.StatusCode);
        Assert.Equal("application/problem+json", submitted.Response.Content.Headers.ContentType?.MediaType);
        var errors = submitted.Body!["errors"]!.AsObject();
        Assert.Contains("applicant.idNumber", errors.Select(e => e.Key));
        Assert.Contains("applicant.phone", errors.Select(e => e.Key));
        Assert.Contains("fields.customerCode", errors.Select(e => e.Key));
        Assert.Contains("định dạng", errors["fields.customerCode"]![0]!.GetValue<string>());
        Assert.Empty(await portal.DossiersMentioningAsync(marker));
    }

    [Theory]
    [InlineData("""{"procedureCode":"thanh-toan-tien-dien","applicant":{"kind":"citizen"},"fields":{"amountVnd":"nhiều"}}""", "fields.amountVnd")]
    [InlineData("""{"procedureCode":"khong-co","applicant":{},"fields":{}}""", "procedureCode")]
    [InlineData("""{"procedureCode":"thanh-toan-tien-dien","applicant":{"kind":"alien"},"fields":{}}""", "applicant.kind")]
    [InlineData("""{"procedureCode":"thanh-toan-tien-dien","applicant":5}""", "applicant")]
    [InlineData("""{"procedureCode":"thanh-toan-tien-dien","surprise":true}""", "surprise")]
    [InlineData("""{"procedureCode": "thanh-toan""", "dossier")]
    [InlineData("""{"procedureCode":"thanh-toan-tien-dien","applicant":{"kind":"citizen"},"fields":{"unknownField":"x"}}""", "fields.unknownField")]
    public async Task Malformed_or_wrongly_typed_json_is_a_400_naming_the_path(string json, string path)
    {
        await using var portal = await Portal.StartAsync(azurite);
        using var content = new StringContent(json, System.Text.Encoding.UTF8, "application/json");

        using var response = await portal.Client.PostAsync(new Uri("/api/dossiers", UriKind.Relative), content);

        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        var body = JsonNode.Parse(await response.Content.ReadAsStringAsync())!;
        Assert.Contains(path, body["errors"]!.AsObject().Select(e => e.Key));
    }

    [Fact]
    public async Task A_missing_required_document_is_a_400_on_its_document_key()
    {
        await using var portal = await Portal.StartAsync(azurite);

        var submitted = await portal.SubmitMultipartAsync(Samples.Licence(), Samples.LicenceFiles().Take(2));

        Assert.Equal(HttpStatusCode.BadRequest, submitted.Response.StatusCode);
        Assert.Contains("documents.portraitPhoto", submitted.Body!["errors"]!.AsObject().Select(e => e.Key));
    }

    [Fact]
    public async Task An_executable_named_pdf_is_refused_with_415_and_nothing_reaches_storage()
    {
        await using var portal = await Portal.StartAsync(azurite);
        // Bytes no other test sends (a file is known by its first bytes, so a tail changes no type): what would reach storage is found by them.
        var tail = System.Text.Encoding.ASCII.GetBytes(Samples.Marker());
        var files = Samples.LicenceFiles().Select(f => (f.Item1, f.Item2, (byte[])[.. f.Item3, .. tail])).ToArray();
        files[0] = ("healthCertificate", "giay-kham.pdf", [.. Samples.Executable(), .. tail]);

        var submitted = await portal.SubmitMultipartAsync(Samples.Licence(), files);

        Assert.Equal(HttpStatusCode.UnsupportedMediaType, submitted.Response.StatusCode);
        Assert.Equal("application/problem+json", submitted.Response.Content.Headers.ContentType?.MediaType);
        foreach (var (_, _, content) in files)
        {
            Assert.Empty(await portal.BlobsHoldingAsync("attachments", content));
        }
    }

    [Fact]
    public async Task A_zip_bomb_named_docx_is_refused_with_415()
    {
        await using var portal = await Portal.StartAsync(azurite);

        var submitted = await portal.SubmitMultipartAsync(Samples.Promotion(["soct-hanoi"]), [("noticeForm", "thong-bao.docx", Samples.ZipBomb())]);

        Assert.Equal(HttpStatusCode.UnsupportedMediaType, submitted.Response.StatusCode);
    }

    [Fact]
    public async Task A_file_over_the_per_file_limit_is_a_413()
    {
        await using var portal = await Portal.StartAsync(azurite, SmallLimits());
        var files = Samples.LicenceFiles();
        files[0] = ("healthCertificate", "big.pdf", [.. Samples.Pdf("x"), .. new byte[5000]]);

        var submitted = await portal.SubmitMultipartAsync(Samples.Licence(), files);

        Assert.Equal(HttpStatusCode.RequestEntityTooLarge, submitted.Response.StatusCode);
        Assert.Equal("application/problem+json", submitted.Response.Content.Headers.ContentType?.MediaType);
    }

    [Fact]
    public async Task Files_over_the_per_dossier_limit_or_count_are_a_413()
    {
        await using var portal = await Portal.StartAsync(azurite, SmallLimits());
        var pdf = (byte[])[.. Samples.Pdf("x"), .. new byte[3000]];

        var tooBig = await portal.SubmitMultipartAsync(Samples.Licence(),
            [("healthCertificate", "a.pdf", pdf), ("currentLicence", "b.pdf", pdf), ("portraitPhoto", "c.png", Samples.Png()), ("healthCertificate", "d.pdf", pdf)]);
        var tooMany = await portal.SubmitMultipartAsync(Samples.Licence(), Enumerable.Repeat(("portraitPhoto", "p.png", Samples.Png()), 5));

        Assert.Equal(HttpStatusCode.RequestEntityTooLarge, tooBig.Response.StatusCode);
        Assert.Equal(HttpStatusCode.RequestEntityTooLarge, tooMany.Response.StatusCode);
    }

    [Fact]
    public async Task Another_content_type_is_a_415()
    {
        await using var portal = await Portal.StartAsync(azurite);
        using var content = new StringContent("procedureCode=x", System.Text.Encoding.UTF8, "application/x-www-form-urlencoded");

        using var response = await portal.Client.PostAsync(new Uri("/api/dossiers", UriKind.Relative), content);

        Assert.Equal(HttpStatusCode.UnsupportedMediaType, response.StatusCode);
    }

    [Fact]
    public async Task The_same_idempotency_key_and_body_returns_the_first_response_and_creates_nothing_more()
    {
        await using var portal = await Portal.StartAsync(azurite);
        var key = Guid.NewGuid().ToString();
        var marker = Samples.Marker();
        var dossier = Samples.ElectricityPayment(applicant: Samples.Citizen(marker: marker));

        var first = await portal.SubmitJsonAsync(dossier, key);
        var second = await portal.SubmitJsonAsync(dossier, key);

        Assert.Equal(HttpStatusCode.Created, first.Response.StatusCode);
        Assert.Equal(HttpStatusCode.Created, second.Response.StatusCode);
        Assert.Equal(first.Id, second.Id);
        Assert.Equal(first.AccessKey, second.AccessKey);
        Assert.Equal([first.Id], await portal.DossiersMentioningAsync(marker));
        // The replayable response holds the access key, but storage never holds it in clear.
        await foreach (var claim in portal.Tables.GetTableClient("Idempotency").QueryAsync<TableEntity>())
        {
            Assert.DoesNotContain(claim, property => property.Value is string text && text.Contains(first.AccessKey, StringComparison.Ordinal));
        }
    }

    [Fact]
    public async Task The_same_idempotency_key_with_another_body_is_a_409()
    {
        await using var portal = await Portal.StartAsync(azurite);
        var key = Guid.NewGuid().ToString();

        await portal.SubmitJsonAsync(Samples.ElectricityPayment(), key);
        var other = await portal.SubmitJsonAsync(Samples.ElectricityPayment(customerCode: "PD09999999999"), key);

        Assert.Equal(HttpStatusCode.Conflict, other.Response.StatusCode);
        Assert.Equal("application/problem+json", other.Response.Content.Headers.ContentType?.MediaType);
    }

    [Fact]
    public async Task A_business_applies_with_a_branch_tax_code()
    {
        await using var portal = await Portal.StartAsync(azurite);
        var business = new { kind = "business", fullName = "Chi nhánh Công ty Sao Mai tại Đà Nẵng", taxCode = "0101234567-001", phone = "+84912345678" };

        var submitted = await portal.SubmitJsonAsync(Samples.ElectricityPayment(applicant: business, province: "Đà Nẵng"));

        Assert.Equal(HttpStatusCode.Created, submitted.Response.StatusCode);
        Assert.Equal("evn-cpc", submitted.Body!["deliveries"]![0]!["agencyId"]!.GetValue<string>());
    }
}
