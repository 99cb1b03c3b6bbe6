// The bad-input corpus: what a careless or hostile client can send to each endpoint, with the status API.md documents for
// it. Each case is named "category: what is wrong", so a failing case says which input it was.
using System.Net;
using System.Text;
using System.Text.Encodings.Web;
using System.Text.Json;
using System.Text.Json.Nodes;
using MotCua.Tests.Infrastructure;

namespace MotCua.Tests.Reliability;

/// <summary>
/// The seeded dossiers the corpus aims at: one waiting for a supplement, one finished (rejected), with their access keys; and two
/// file links to the waiting one's file, one expired and one to a document whose consent was withdrawn.
/// </summary>
public sealed record CorpusTargets(string WaitingId, string WaitingKey, string FinishedId, string FinishedKey, string ExpiredLinkToken,
    string WithdrawnLinkToken);

/// <param name="NotEchoed">Text the answer must not contain: the dangerous part of a file name (a refusal names files only cleaned), a misstated limit.</param>
public sealed record BadInput(string Name, HttpStatusCode Status, Func<CorpusTargets, HttpRequestMessage> Request, string? NotEchoed = null);

internal static class BadInputCorpus
{
    // Small limits, so that "too large" costs kilobytes; the fixture's app runs with them.
    public const int MaxFileBytes = 128 * 1024;
    public const int MaxDossierBytes = 256 * 1024;
    public const int MaxFiles = 4;
    public const int MaxJsonBytes = 16 * 1024;

    private const string Dossiers = "/api/dossiers";
    private const string FeedbackPath = "/api/feedback";
    private const string UnknownDossier = "HS-ABCDEFGHJKMN";

    // Vietnamese as UTF-8, not \u escapes, so that a text's length in the body is close to its length in characters.
    private static readonly JsonSerializerOptions Readable = new() { Encoder = JavaScriptEncoder.UnsafeRelaxedJsonEscaping };

    private static readonly (string Name, string Text)[] Injections =
    [
        ("SQL tautology", "' OR '1'='1' --"),
        ("SQL stacked query", "1; DROP TABLE Dossiers; --"),
        ("HTML script", "<script>alert(1)</script>"),
        ("HTML event handler", "<img src=x onerror=alert(1)>"),
        ("OData filter", "x' or PartitionKey ne '"),
    ];

    /// <summary>The corpus by category, in the order the test runs them.</summary>
    public static IReadOnlyList<(string Category, BadInput[] Cases)> Categories { get; } =
    [
        ("malformed JSON", [.. MalformedJson()]), ("wrong types", [.. WrongTypes()]), ("huge fields", [.. HugeFields()]),
        ("control characters", [.. ControlCharacters()]), ("identifiers", [.. Identifiers()]), ("procedure codes", [.. ProcedureCodes()]),
        ("missing fields and documents", [.. MissingRequired()]), ("file contents", [.. FileContents()]), ("file names", [.. FileNames()]),
        ("too large", [.. Oversized()]), ("content types", [.. ContentTypes()]), ("injection", [.. Injection()]), ("feedback", [.. Feedback()]),
        ("supplements", [.. Supplements()]), ("ratings", [.. Ratings()]), ("withdrawals", [.. Withdrawals()]), ("lookups", [.. Lookups()]),
        ("catalog", [.. Catalog()]), ("visits", [.. Visits()]), ("agency events", [.. AgencyEvents()]), ("ops", [.. Ops()]),
        ("payments", [.. Payments()]), ("file links", [.. FileLinks()]), ("accounts", [.. Accounts()]),
    ];

    private static IEnumerable<BadInput> MalformedJson()
    {
        var valid = Electricity(_ => { });
        foreach (var (what, json) in new[]
                 {
                     ("empty body", ""),
                     ("whitespace only", " \r\n\t "),
                     ("unterminated object", "{"),
                     ("truncated string", """{"procedureCode": "thanh-toan"""),
                     ("array instead of object", "[]"),
                     ("null", "null"),
                     ("number", "42"),
                     ("string", "\"dossier\""),
                     ("single quotes", "{'procedureCode': 'thanh-toan-tien-dien'}"),
                     ("trailing comma", valid[..^1] + ",}"),
                     ("comment", "/* hồ sơ */" + valid),
                     ("NaN", valid.Replace("356000", "NaN", StringComparison.Ordinal)),
                     ("hexadecimal number", valid.Replace("356000", "0x56E70", StringComparison.Ordinal)),
                     ("two documents", valid + valid),
                     ("nesting 64 deep", valid.Replace("\"amountVnd\":356000", $"\"amountVnd\":{new string('[', 64)}{new string(']', 64)}", StringComparison.Ordinal)),
                     ("unquoted key", valid.Replace("\"procedureCode\"", "procedureCode", StringComparison.Ordinal)),
                 })
        {
            yield return PostJson($"dossier json, malformed: {what}", HttpStatusCode.BadRequest, Dossiers, json);
        }

        // A UTF-8 body is the contract; bytes that are not UTF-8 must not be guessed at and stored as U+FFFD.
        var bytes = Encoding.UTF8.GetBytes(valid);
        var name = Encoding.UTF8.GetByteCount(valid[..valid.IndexOf("Nguy", StringComparison.Ordinal)]);
        yield return Case("dossier json, malformed: invalid UTF-8 in a name", HttpStatusCode.BadRequest,
            _ => Post(Dossiers, Bytes([.. bytes[..name], 0xFF, 0xFE, .. bytes[name..]], "application/json")));
    }

    private static IEnumerable<BadInput> WrongTypes()
    {
        foreach (var (what, path, value) in new (string, string, JsonNode?)[]
                 {
                     ("procedureCode a number", "procedureCode", 5),
                     ("applicant a string", "applicant", "Nguyễn Văn An"),
                     ("applicant an array", "applicant", new JsonArray()),
                     ("applicant.kind a number", "applicant.kind", 1),
                     ("applicant.idNumber a number", "applicant.idNumber", 1090012345),
                     ("applicant.phone a number", "applicant.phone", 912345678),
                     ("applicant.fullName an object", "applicant.fullName", new JsonObject { ["first"] = "An" }),
                     ("fields an array", "fields", new JsonArray()),
                     ("fields a string", "fields", "customerCode=PD01001234567"),
                     ("fields.amountVnd a string", "fields.amountVnd", "356000"),
                     ("fields.amountVnd negative", "fields.amountVnd", -1),
                     ("fields.amountVnd a boolean", "fields.amountVnd", true),
                     ("fields.amountVnd beyond decimal", "fields.amountVnd", JsonNode.Parse("1e400")),
                     ("fields.province a number", "fields.province", 1),
                     ("fields.customerCode a NoSQL operator", "fields.customerCode", new JsonObject { ["$ne"] = null }),
                     ("fields.billingPeriod an array", "fields.billingPeriod", new JsonArray("10/2026")),
                     ("agencyIds a string", "agencyIds", "evn-hanoi"),
                     ("agencyIds of numbers", "agencyIds", new JsonArray(1, 2)),
                     ("an unknown property", "isAdmin", true),
                     ("an unknown applicant property", "applicant.role", "admin"),
                     ("an unknown field", "fields.discountPercent", 100),
                 })
        {
            yield return PostJson($"dossier json, wrong type: {what}", HttpStatusCode.BadRequest, Dossiers, Electricity(Set(path, value)));
        }

        foreach (var (what, path, value) in new (string, string, JsonNode?)[]
                 {
                     ("issueDate dd/MM/yyyy", "fields.issueDate", "20/05/2016"),
                     ("issueDate 30 February", "fields.issueDate", "2016-02-30"),
                     ("issueDate with a time", "fields.issueDate", "2016-05-20T00:00:00Z"),
                     ("issueDate after today", "fields.issueDate", "2999-01-01"),
                     ("licenceClass outside the list", "fields.licenceClass", "Z9"),
                     ("licenceClass in lower case", "fields.licenceClass", "b2"),
                     ("exchangeReason outside the list", "fields.exchangeReason", "Thích thì đổi"),
                     ("receiveByPost a string", "fields.receiveByPost", "yes"),
                     ("licenceNumber with letters", "fields.licenceNumber", "79012345678X"),
                 })
        {
            yield return Case($"dossier multipart, wrong type: {what}", HttpStatusCode.BadRequest,
                _ => Post(Dossiers, Multipart([DossierPart(Licence(Set(path, value))), .. LicenceFiles()])));
        }
    }

    private static IEnumerable<BadInput> HugeFields()
    {
        foreach (var (what, path, value) in new (string, string, JsonNode?)[]
                 {
                     ("a citizen's fullName of 101 characters", "applicant.fullName", new string('A', 101)),
                     ("fullName of 5,000 characters", "applicant.fullName", new string('Ă', 5000)),
                     ("address of 301 characters", "applicant.address", new string('x', 301)),
                     ("email of 300 characters", "applicant.email", new string('a', 288) + "@example.vn"),
                     ("customerCode of 1,000 characters", "fields.customerCode", "P" + new string('0', 999)),
                     ("billingPeriod of 1,001 characters", "fields.billingPeriod", new string('1', 1001)),
                     ("amountVnd of 400 digits", "fields.amountVnd", JsonNode.Parse(new string('9', 400))),
                     ("agencyIds with 1,000 entries", "agencyIds", new JsonArray([.. Enumerable.Range(0, 1000).Select(i => (JsonNode)$"a{i}")])),
                     ("a field key of 5,000 characters", "fields." + new string('k', 5000), "x"),
                 })
        {
            yield return PostJson($"dossier json, huge field: {what}", HttpStatusCode.BadRequest, Dossiers, Electricity(Set(path, value)));
        }
    }

    private static IEnumerable<BadInput> ControlCharacters()
    {
        foreach (var (what, path, value) in new[]
                 {
                     ("NUL in fullName", "applicant.fullName", "Nguyễn\0Văn An"),
                     ("BEL in fullName", "applicant.fullName", "Nguyễn\aVăn An"),
                     ("ANSI escape in fullName", "applicant.fullName", "\u001b[31mNguyễn Văn An"),
                     ("right-to-left override in fullName", "applicant.fullName", "Nguyễn \u202EnA năV"),
                     ("bidi isolate in fullName", "applicant.fullName", "Nguyễn \u2066Văn\u2069 An"),
                     ("C1 next-line in fullName", "applicant.fullName", "Nguyễn\u0085Văn An"),
                     ("line feed in fullName", "applicant.fullName", "Nguyễn\nVăn An"),
                     ("tab in fullName", "applicant.fullName", "Nguyễn\tVăn An"),
                     ("NUL in address", "applicant.address", "Số 1 Tràng Tiền\0, Hà Nội"),
                     ("right-to-left override in address", "applicant.address", "Số 1 \u202ETràng Tiền"),
                     ("NUL in idNumber", "applicant.idNumber", "001090012345\0"),
                     ("NUL in phone", "applicant.phone", "0912345678\0"),
                     ("NUL in procedureCode", "procedureCode", "thanh-toan-tien-dien\0"),
                     ("NUL in customerCode", "fields.customerCode", "PD01001234567\0"),
                     ("NUL in billingPeriod", "fields.billingPeriod", "10/2026\0"),
                     ("NUL in province", "fields.province", "Hà Nội\0"),
                     ("escape character in province", "fields.province", "Hà\u001bNội"),
                 })
        {
            yield return PostJson($"dossier json, control character: {what}", HttpStatusCode.BadRequest, Dossiers, Electricity(Set(path, value)));
        }
    }

    private static IEnumerable<BadInput> Identifiers()
    {
        foreach (var (what, value) in new[]
                 {
                     ("11 digits", "00109001234"), ("13 digits", "0010900123456"), ("a letter", "00109001234a"),
                     ("province code 000", "000090012345"), ("province code 097", "097090012345"),
                     ("full-width digits", "００１０９００１２３４５"), ("Arabic-Indic digits", "٠٠١٠٩٠٠١٢٣٤٥"),
                     ("spaces inside", "001 090 012 345"), ("dashes inside", "001-090-012-345"), ("empty", ""),
                 })
        {
            yield return PostJson($"identifier, CCCD: {what}", HttpStatusCode.BadRequest, Dossiers, Electricity(Set("applicant.idNumber", value)));
        }

        foreach (var (what, value) in new[]
                 {
                     ("prefix 01", "0123456789"), ("landline prefix 02", "0212345678"), ("9 digits", "091234567"), ("11 digits", "09123456789"),
                     ("+84 and 8 digits", "+8412345678"), ("+84 then a 0", "+840912345678"), ("84 without +", "84912345678"),
                     ("dashes", "0912-345-678"), ("full-width digits", "０９１２３４５６７８"), ("letters", "09l2345678"), ("empty", ""),
                 })
        {
            yield return PostJson($"identifier, phone: {what}", HttpStatusCode.BadRequest, Dossiers, Electricity(Set("applicant.phone", value)));
        }

        foreach (var (what, value) in new[]
                 {
                     ("9 digits", "010123456"), ("11 digits", "01012345678"), ("branch of 2 digits", "0101234567-01"),
                     ("branch of 4 digits", "0101234567-0001"), ("underscore for the dash", "0101234567_001"), ("a letter", "010123456A"),
                     ("space for the dash", "0101234567 001"), ("empty", ""),
                 })
        {
            yield return PostJson($"identifier, tax code: {what}", HttpStatusCode.BadRequest, Dossiers,
                Mutated(Samples.ElectricityPayment(applicant: Samples.Business()), Set("applicant.taxCode", value)));
        }

        foreach (var (what, value) in new[]
                 {
                     ("no domain", "an@"), ("no local part", "@example.vn"), ("no top-level domain", "an@example"),
                     ("a space", "an example@x.vn"), ("two @", "an@@example.vn"),
                 })
        {
            yield return PostJson($"identifier, email: {what}", HttpStatusCode.BadRequest, Dossiers, Electricity(Set("applicant.email", value)));
        }

        yield return PostJson("identifier: a citizen giving a tax code", HttpStatusCode.BadRequest, Dossiers, Electricity(Set("applicant.taxCode", "0101234567")));
        yield return PostJson("identifier: a business giving an identity number", HttpStatusCode.BadRequest, Dossiers,
            Mutated(Samples.ElectricityPayment(applicant: Samples.Business()), Set("applicant.idNumber", "001090012345")));
        foreach (var kind in new[] { "alien", "Citizen", "" })
        {
            yield return PostJson($"identifier: applicant.kind \"{kind}\"", HttpStatusCode.BadRequest, Dossiers, Electricity(Set("applicant.kind", kind)));
        }
    }

    private static IEnumerable<BadInput> ProcedureCodes()
    {
        foreach (var (what, code) in new[]
                 {
                     ("unknown", "khong-co"), ("empty", ""), ("upper case", "THANH-TOAN-TIEN-DIEN"), ("path prefix", "../thanh-toan-tien-dien"),
                     ("trailing space", "thanh-toan-tien-dien "), ("with diacritics", "thanh-toán-tiền-điện"), ("1,000 characters", new string('x', 1000)),
                 })
        {
            yield return PostJson($"procedure code: {what}", HttpStatusCode.BadRequest, Dossiers, Electricity(Set("procedureCode", code)));
        }

        foreach (var (what, code) in new[] { ("unknown", "khong-co"), ("upper case", "THANH-TOAN-TIEN-DIEN"), ("dot segments", "..%2F..%2Fetc%2Fpasswd") })
        {
            yield return Get($"procedure code, GET: {what}", HttpStatusCode.NotFound, $"/api/procedures/{code}");
        }
    }

    private static IEnumerable<BadInput> MissingRequired()
    {
        foreach (var (what, path) in new[]
                 {
                     ("procedureCode", "procedureCode"), ("applicant", "applicant"), ("applicant.kind", "applicant.kind"),
                     ("applicant.fullName", "applicant.fullName"), ("applicant.idNumber", "applicant.idNumber"), ("applicant.phone", "applicant.phone"),
                     ("fields", "fields"), ("fields.customerCode", "fields.customerCode"), ("fields.province", "fields.province"),
                     ("fields.amountVnd", "fields.amountVnd"),
                 })
        {
            yield return PostJson($"missing: {what}", HttpStatusCode.BadRequest, Dossiers, Electricity(Remove(path)));
        }

        yield return PostJson("missing: a province nobody serves", HttpStatusCode.BadRequest, Dossiers, Electricity(Set("fields.province", "Sài Gòn")));
        yield return PostJson("missing: agencyIds on a procedure that derives them, given anyway", HttpStatusCode.BadRequest, Dossiers,
            Electricity(Set("agencyIds", new JsonArray("evn-hanoi"))));
        yield return PostJson("missing: every document (licence sent as JSON)", HttpStatusCode.BadRequest, Dossiers, Licence(_ => { }));
        yield return Case("missing: the portrait photo", HttpStatusCode.BadRequest,
            _ => Post(Dossiers, Multipart([DossierPart(Licence(_ => { })), .. LicenceFiles(replace: "portraitPhoto")])));
        yield return Case("missing: the dossier part (files only)", HttpStatusCode.BadRequest, _ => Post(Dossiers, Multipart(LicenceFiles())));
        yield return Case("missing: a file for a document the procedure does not have", HttpStatusCode.BadRequest,
            _ => Post(Dossiers, Multipart([DossierPart(Licence(_ => { })), .. LicenceFiles(), File("virus", "virus.pdf", Samples.Pdf("x"))])));
        yield return Case("missing: two dossier parts", HttpStatusCode.BadRequest,
            _ => Post(Dossiers, Multipart([DossierPart(Licence(_ => { })), DossierPart(Licence(_ => { })), .. LicenceFiles()])));
        foreach (var (what, agencyIds) in new[]
                 {
                     ("no agencyIds on a fan-out procedure", null),
                     ("empty agencyIds", new JsonArray()),
                     ("the same agency twice", new JsonArray("soct-hanoi", "soct-hanoi")),
                     ("an agency outside the procedure", new JsonArray("evn-hanoi")),
                     ("an agency outside the catalog", new JsonArray("soct-atlantis")),
                 })
        {
            yield return Case($"missing: {what}", HttpStatusCode.BadRequest, _ => Post(Dossiers, Multipart(
                [DossierPart(Mutated(Samples.Promotion(["soct-hanoi"]), Set("agencyIds", agencyIds?.DeepClone()))), File("noticeForm", "thong-bao.pdf", Samples.Pdf("x"))])));
        }
    }

    private static IEnumerable<BadInput> FileContents()
    {
        byte[] elf = [0x7F, 0x45, 0x4C, 0x46, 0x02, 0x01, 0x01, 0x00, .. new byte[56]];
        foreach (var (what, document, fileName, content) in new[]
                 {
                     ("a Windows executable named .pdf", "healthCertificate", "giay-kham.pdf", Samples.Executable()),
                     ("an ELF executable named .pdf", "healthCertificate", "giay-kham.pdf", elf),
                     ("a Windows executable named .png", "portraitPhoto", "anh.png", Samples.Executable()),
                     ("a shell script named .pdf", "healthCertificate", "giay-kham.pdf", "#!/bin/sh\nrm -rf /\n"u8.ToArray()),
                     ("an HTML page with script named .pdf", "currentLicence", "gplx.pdf", "<html><script>alert(1)</script></html>"u8.ToArray()),
                     ("an SVG with script named .png", "portraitPhoto", "anh.png", "<svg xmlns=\"http://www.w3.org/2000/svg\" onload=\"alert(1)\"/>"u8.ToArray()),
                     ("an empty file", "healthCertificate", "giay-kham.pdf", Array.Empty<byte>()),
                     ("a GIF named .png", "portraitPhoto", "anh.png", [.. "GIF89a"u8, 1, 0, 1, 0, 0, 0, 0, 0x3B]),
                     ("a PDF where only photos are accepted", "portraitPhoto", "anh.jpg", Samples.Pdf("x")),
                 })
        {
            yield return Case($"file content: {what}", HttpStatusCode.UnsupportedMediaType,
                _ => Post(Dossiers, Multipart([DossierPart(Licence(_ => { })), .. LicenceFiles(document, File(document, fileName, content))])));
        }

        foreach (var (what, content) in new[] { ("a zip bomb named .docx", Samples.ZipBomb()), ("a plain zip named .docx", PlainZip()) })
        {
            yield return Case($"file content: {what}", HttpStatusCode.UnsupportedMediaType, _ => Post(Dossiers, Multipart(
                [DossierPart(Mutated(Samples.Promotion(["soct-hanoi"]), _ => { })), File("noticeForm", "thong-bao.docx", content)])));
        }
    }

    private static IEnumerable<BadInput> FileNames()
    {
        // Each name comes with an executable, so the request is refused; the refusal may name the file only as cleaned.
        foreach (var (what, fileName, notEchoed) in new[]
                 {
                     ("parent directories", "../../../../etc/passwd.pdf", "../"),
                     ("Windows parent directories", @"..\..\Windows\System32\drivers\etc\hosts.pdf", "System32"),
                     ("an absolute path", "/etc/passwd.pdf", "/etc"),
                     ("a drive letter", @"C:\boot.ini.pdf", "C:"),
                     ("a UNC path", @"\\attacker\share\giay-kham.pdf", "attacker"),
                     ("a NUL before a second extension", "giay-kham.pdf\0.exe", @"\u0000"),
                     ("a right-to-left override hiding .exe", "giay-kham\u202Efdp.exe", @"\u202E"),
                     ("5,000 characters", new string('a', 5000) + ".pdf", new string('a', 121)),
                     ("only dots", "....", "...."),
                 })
        {
            yield return Case($"file name: {what}", HttpStatusCode.UnsupportedMediaType, _ => Post(Dossiers, Multipart(
                [DossierPart(Licence(_ => { })), .. LicenceFiles("healthCertificate", File("healthCertificate", fileName, Samples.Executable()))])), notEchoed);
        }

        yield return Case("file name: an RFC 5987 name with encoded parent directories", HttpStatusCode.UnsupportedMediaType, _ => Post(Dossiers, Multipart(
            [DossierPart(Licence(_ => { })), .. LicenceFiles("healthCertificate",
                new Part("form-data; name=\"healthCertificate\"; filename*=UTF-8''..%2F..%2Fetc%2Fshadow.pdf", Samples.Executable()))])), "../");
    }

    private static IEnumerable<BadInput> Oversized()
    {
        var bigPdf = Padded(Samples.Pdf("x"), MaxFileBytes + 1);
        var thirdOfDossier = Padded(Samples.Pdf("x"), (MaxDossierBytes / 3) + 100);
        // The limits are under a mebibyte here: the refusal must still state them, not "0 MiB".
        yield return Case("too large: one file over the per-file limit", HttpStatusCode.RequestEntityTooLarge,
            _ => Post(Dossiers, Multipart([DossierPart(Licence(_ => { })), .. LicenceFiles("healthCertificate", File("healthCertificate", "big.pdf", bigPdf))])),
            " 0 MiB");
        yield return Case("too large: files over the per-dossier limit together", HttpStatusCode.RequestEntityTooLarge, _ => Post(Dossiers, Multipart(
            [DossierPart(Licence(_ => { })), File("healthCertificate", "a.pdf", thirdOfDossier), File("currentLicence", "b.pdf", thirdOfDossier),
                File("portraitPhoto", "c.png", Samples.Png()), File("healthCertificate", "d.pdf", thirdOfDossier)])), " 0 MiB");
        yield return Case("too large: more files than allowed", HttpStatusCode.RequestEntityTooLarge, _ => Post(Dossiers, Multipart(
            [DossierPart(Licence(_ => { })), .. LicenceFiles(), .. Enumerable.Repeat(File("portraitPhoto", "p.png", Samples.Png()), MaxFiles - 2)])));
        yield return PostJson("too large: a JSON dossier over the JSON limit", HttpStatusCode.RequestEntityTooLarge, Dossiers,
            Electricity(Set("applicant.address", new string('x', MaxJsonBytes))));
        yield return Case("too large: a dossier part over the JSON limit", HttpStatusCode.RequestEntityTooLarge, _ => Post(Dossiers, Multipart(
            [DossierPart(Licence(Set("applicant.address", new string('x', MaxJsonBytes)))), .. LicenceFiles()])));
        // Sent as curl sends a large upload, after Expect: 100-continue: refused on its declared length, the body is never sent. Without
        // it the answer races the upload, and the client may see the connection close before it reads the 413.
        yield return Case("too large: a 2 MiB body with its length declared", HttpStatusCode.RequestEntityTooLarge, _ =>
        {
            var request = Post(Dossiers, Multipart([DossierPart(Licence(_ => { })), File("healthCertificate", "big.pdf", Padded(Samples.Pdf("x"), 2 * 1024 * 1024))]));
            request.Headers.ExpectContinue = true;
            return request;
        });
        yield return Case("too large: a 2 MiB body sent chunked", HttpStatusCode.RequestEntityTooLarge, _ =>
        {
            var multipart = Multipart([DossierPart(Licence(_ => { })), File("healthCertificate", "big.pdf", Padded(Samples.Pdf("x"), 2 * 1024 * 1024))]);
            var request = Post(Dossiers, multipart);
            request.Headers.TransferEncodingChunked = true;
            return request;
        });
    }

    private static IEnumerable<BadInput> ContentTypes()
    {
        var json = Electricity(_ => { });
        foreach (var (what, contentType) in new[]
                 {
                     ("text/plain", "text/plain"), ("application/xml", "application/xml"), ("a form", "application/x-www-form-urlencoded"),
                     ("multipart/mixed", "multipart/mixed; boundary=x"), ("image/png", "image/png"), ("no content type", null),
                 })
        {
            yield return Case($"content type: dossier as {what}", HttpStatusCode.UnsupportedMediaType,
                _ => Post(Dossiers, Bytes(Encoding.UTF8.GetBytes(json), contentType)));
        }

        yield return Case("content type: multipart without a boundary", HttpStatusCode.BadRequest,
            _ => Post(Dossiers, Bytes(MultipartBody([DossierPart(json)]), "multipart/form-data")));
        yield return Case("content type: multipart with a 300-character boundary", HttpStatusCode.BadRequest,
            _ => Post(Dossiers, Bytes("--x\r\n\r\n"u8.ToArray(), "multipart/form-data; boundary=" + new string('b', 300))));
        yield return Case("content type: multipart whose body uses another boundary", HttpStatusCode.BadRequest,
            _ => Post(Dossiers, Bytes(MultipartBody([DossierPart(json)]), "multipart/form-data; boundary=other")));
        yield return Case("content type: multipart cut off before its end", HttpStatusCode.BadRequest,
            _ => Post(Dossiers, Multipart([DossierPart(json), File("healthCertificate", "a.pdf", Samples.Pdf("x"))], close: false)));
        yield return Case("content type: a part without Content-Disposition", HttpStatusCode.BadRequest,
            _ => Post(Dossiers, Multipart([new Part(null, Encoding.UTF8.GetBytes(json))])));
        yield return Case("content type: a part with Content-Disposition attachment", HttpStatusCode.BadRequest,
            _ => Post(Dossiers, Multipart([new Part("attachment; name=\"dossier\"", Encoding.UTF8.GetBytes(json))])));
        yield return Case("content type: a part without a name", HttpStatusCode.BadRequest,
            _ => Post(Dossiers, Multipart([new Part("form-data; filename=\"a.pdf\"", Samples.Pdf("x"))])));
        foreach (var (what, key) in new[] { ("a space", "khoa ho so"), ("a tab", "khoa\tho-so"), ("256 characters", new string('k', 256)) })
        {
            yield return Case($"content type: an Idempotency-Key with {what}", HttpStatusCode.BadRequest, _ =>
            {
                var request = Post(Dossiers, Json(json));
                request.Headers.TryAddWithoutValidation("Idempotency-Key", key);
                return request;
            });
        }
    }

    private static IEnumerable<BadInput> Injection()
    {
        foreach (var (name, text) in Injections)
        {
            foreach (var path in new[]
                     {
                         "procedureCode", "applicant.kind", "applicant.idNumber", "applicant.phone", "applicant.email", "fields.customerCode",
                         "fields.province", "fields.billingPeriod",
                     })
            {
                yield return PostJson($"injection, {name}: {path}", HttpStatusCode.BadRequest, Dossiers, Electricity(Set(path, text)));
            }

            yield return PostJson($"injection, {name}: applicant.taxCode", HttpStatusCode.BadRequest, Dossiers,
                Mutated(Samples.ElectricityPayment(applicant: Samples.Business()), Set("applicant.taxCode", text)));
            foreach (var path in new[] { "category", "procedureCode", "agencyId", "contact.email", "contact.phone" })
            {
                yield return PostJson($"injection, {name}: feedback {path}", HttpStatusCode.BadRequest, FeedbackPath, FeedbackJson(Set(path, text)));
            }

            var segment = Uri.EscapeDataString(text);
            yield return Get($"injection, {name}: dossier id", HttpStatusCode.NotFound, $"{Dossiers}/{segment}");
            yield return Case($"injection, {name}: access key", HttpStatusCode.NotFound, t => Get($"{Dossiers}/{t.WaitingId}", text));
            yield return Get($"injection, {name}: feedback id", HttpStatusCode.NotFound, $"{FeedbackPath}/{segment}");
            yield return Get($"injection, {name}: procedure code", HttpStatusCode.NotFound, $"/api/procedures/{segment}");
            yield return Get($"injection, {name}: procedure level", HttpStatusCode.BadRequest, $"/api/procedures?level={segment}");
            yield return Case($"injection, {name}: attachment id", HttpStatusCode.NotFound,
                t => Get($"{Dossiers}/{t.WaitingId}/attachments/{segment}", t.WaitingKey));
            yield return Case($"injection, {name}: agency id of an event", HttpStatusCode.NotFound,
                _ => PortalHttp.Request(HttpMethod.Post, $"/api/agencies/{segment}/events", Json("""{"type":"dossier.status_changed","data":{}}""")));
            yield return Case($"injection, {name}: delivery id to replay", HttpStatusCode.NotFound,
                _ => PortalHttp.Request(HttpMethod.Post, $"/api/ops/deliveries/{segment}/replay", functionKey: FunctionApp.FunctionKey));
            yield return Case($"injection, {name}: report date", HttpStatusCode.BadRequest,
                _ => PortalHttp.Request(HttpMethod.Get, $"/api/ops/reports/{segment}", functionKey: FunctionApp.FunctionKey));
            yield return Case($"injection, {name}: agency to register", HttpStatusCode.NotFound,
                _ => PortalHttp.Request(HttpMethod.Put, $"/api/ops/agencies/{segment}", Json(Registration(_ => { })), functionKey: FunctionApp.AdminKey));
            yield return Case($"injection, {name}: rating score", HttpStatusCode.BadRequest,
                t => Post($"{Dossiers}/{t.FinishedId}/rating", Json(new JsonObject { ["score"] = text }.ToJsonString()), t.FinishedKey));
        }
    }

    private static IEnumerable<BadInput> Feedback()
    {
        foreach (var (what, json) in new[]
                 {
                     ("malformed JSON", "{\"category\":"),
                     ("an array", "[]"),
                     ("null", "null"),
                     ("an empty body", ""),
                     ("category a number", FeedbackJson(Set("category", 1))),
                     ("consentToPublish a string", FeedbackJson(Set("consentToPublish", "yes"))),
                     ("contact a string", FeedbackJson(Set("contact", "Trần Thị Bình"))),
                     ("title a number", FeedbackJson(Set("title", 5))),
                     ("an unknown property", FeedbackJson(Set("published", true))),
                     ("an unknown category", FeedbackJson(Set("category", "complaint"))),
                     ("an empty category", FeedbackJson(Set("category", ""))),
                     ("a title of 4 characters", FeedbackJson(Set("title", "Chậm"))),
                     ("a title of 201 characters", FeedbackJson(Set("title", new string('ạ', 201)))),
                     ("NUL in the title", FeedbackJson(Set("title", "Yêu cầu\0 giấy tờ"))),
                     ("a right-to-left override in the title", FeedbackJson(Set("title", "Yêu cầu \u202Egiấy tờ"))),
                     ("content of 9 words", FeedbackJson(Set("content", "Thủ tục này quá rườm rà và chậm trễ."))),
                     ("content without diacritics", FeedbackJson(Set("content", "Thu tuc doi giay phep lai xe yeu cau nop ban sao cong chung du da co ban dien tu."))),
                     ("content with a link", FeedbackJson(Set("content", Samples.FeedbackContent + " Xem https://example.com/bai-viet"))),
                     ("content with a bare domain", FeedbackJson(Set("content", Samples.FeedbackContent + " Xem thêm tintuc.vn nhé"))),
                     ("NUL in the content", FeedbackJson(Set("content", Samples.FeedbackContent + "\0"))),
                     ("content of 5,001 characters", FeedbackJson(Set("content", Samples.FeedbackContent + new string('a', 5001)))),
                     ("no content", FeedbackJson(Remove("content"))),
                     ("an unknown procedure", FeedbackJson(Set("procedureCode", "khong-co"))),
                     ("an unknown agency", FeedbackJson(Set("agencyId", "khong-co"))),
                     ("no consentToPublish", FeedbackJson(Remove("consentToPublish"))),
                     ("no contact", FeedbackJson(Remove("contact"))),
                     ("a one-letter contact name", FeedbackJson(Set("contact.fullName", "B"))),
                     ("NUL in the contact name", FeedbackJson(Set("contact.fullName", "Trần\0Thị Bình"))),
                     ("a bad contact email", FeedbackJson(Set("contact.email", "binh@"))),
                     ("a bad contact phone", FeedbackJson(Set("contact.phone", "0212345678"))),
                 })
        {
            yield return PostJson($"feedback: {what}", HttpStatusCode.BadRequest, FeedbackPath, json);
        }

        var valid = FeedbackJson(_ => { });
        yield return PostJson("feedback: JSON over the JSON limit", HttpStatusCode.RequestEntityTooLarge, FeedbackPath,
            FeedbackJson(Set("title", new string('x', MaxJsonBytes))));
        yield return Case("feedback: sent as text/plain", HttpStatusCode.UnsupportedMediaType, _ => Post(FeedbackPath, Bytes(Encoding.UTF8.GetBytes(valid), "text/plain")));
        yield return Case("feedback: sent as a form", HttpStatusCode.UnsupportedMediaType,
            _ => Post(FeedbackPath, Bytes("category=procedure"u8.ToArray(), "application/x-www-form-urlencoded")));
        yield return Case("feedback: an executable attached", HttpStatusCode.UnsupportedMediaType,
            _ => Post(FeedbackPath, Multipart([FeedbackPart(valid), File("attachment", "bang-chung.pdf", Samples.Executable())])));
        yield return Case("feedback: a zip bomb attached", HttpStatusCode.UnsupportedMediaType,
            _ => Post(FeedbackPath, Multipart([FeedbackPart(valid), File("attachment", "bang-chung.docx", Samples.ZipBomb())])));
        yield return Case("feedback: more attachments than allowed", HttpStatusCode.RequestEntityTooLarge, _ => Post(FeedbackPath,
            Multipart([FeedbackPart(valid), .. Enumerable.Repeat(File("attachment", "anh.png", Samples.Png()), MaxFiles + 1)])));
        yield return Case("feedback: an attachment over the per-file limit", HttpStatusCode.RequestEntityTooLarge, _ => Post(FeedbackPath,
            Multipart([FeedbackPart(valid), File("attachment", "big.pdf", Padded(Samples.Pdf("x"), MaxFileBytes + 1))])));
        yield return Case("feedback: attachments without the feedback part", HttpStatusCode.BadRequest,
            _ => Post(FeedbackPath, Multipart([File("attachment", "anh.png", Samples.Png())])));
    }

    private static IEnumerable<BadInput> Supplements()
    {
        var photo = File("portraitPhoto", "anh-moi.png", Samples.Png());
        BadInput Supplement(string what, HttpStatusCode status, Func<CorpusTargets, HttpContent> content, bool rightKey = true) =>
            Case($"supplement: {what}", status, t => Post($"{Dossiers}/{t.WaitingId}/supplements", content(t), rightKey ? t.WaitingKey : t.FinishedKey));

        yield return Supplement("another dossier's key", HttpStatusCode.NotFound, _ => Multipart([photo]), rightKey: false);
        yield return Case("supplement: no key", HttpStatusCode.NotFound, t => Post($"{Dossiers}/{t.WaitingId}/supplements", Multipart([photo])));
        yield return Case("supplement: unknown dossier", HttpStatusCode.NotFound, t => Post($"{Dossiers}/{UnknownDossier}/supplements", Multipart([photo]), t.WaitingKey));
        yield return Case("supplement: a dossier nobody asked to supplement", HttpStatusCode.Conflict,
            t => Post($"{Dossiers}/{t.FinishedId}/supplements", Multipart([photo]), t.FinishedKey));
        yield return Supplement("sent as JSON", HttpStatusCode.UnsupportedMediaType, _ => Json("""{"note":"Bổ sung"}"""));
        yield return Supplement("sent as text/plain", HttpStatusCode.UnsupportedMediaType, _ => Bytes("Bổ sung"u8.ToArray(), "text/plain"));
        yield return Supplement("a note and no file", HttpStatusCode.BadRequest, _ => Multipart([DossierPart("""{"note":"Bổ sung"}""")]));
        yield return Supplement("an empty multipart", HttpStatusCode.BadRequest, _ => Multipart([]));
        yield return Supplement("an executable as the photo", HttpStatusCode.UnsupportedMediaType, _ => Multipart([File("portraitPhoto", "anh.png", Samples.Executable())]));
        yield return Supplement("a zip bomb as the photo", HttpStatusCode.UnsupportedMediaType, _ => Multipart([File("portraitPhoto", "anh.docx", Samples.ZipBomb())]));
        yield return Supplement("a document the procedure does not have", HttpStatusCode.BadRequest, _ => Multipart([File("virus", "virus.pdf", Samples.Pdf("x"))]));
        yield return Supplement("a file over the per-file limit", HttpStatusCode.RequestEntityTooLarge,
            _ => Multipart([File("healthCertificate", "big.pdf", Padded(Samples.Pdf("x"), MaxFileBytes + 1))]));
        yield return Supplement("more files than allowed", HttpStatusCode.RequestEntityTooLarge, _ => Multipart([.. Enumerable.Repeat(photo, MaxFiles + 1)]));
        yield return Supplement("a note that is not JSON", HttpStatusCode.BadRequest, _ => Multipart([DossierPart("Bổ sung ảnh"), photo]));
        yield return Supplement("a note of 2,001 characters", HttpStatusCode.BadRequest,
            _ => Multipart([DossierPart(new JsonObject { ["note"] = new string('ạ', 2001) }.ToJsonString()), photo]));
        yield return Supplement("a note that is a number", HttpStatusCode.BadRequest, _ => Multipart([DossierPart("""{"note":5}"""), photo]));
        yield return Supplement("a note part that is an array", HttpStatusCode.BadRequest, _ => Multipart([DossierPart("[]"), photo]));
        yield return Supplement("a path in the file name of an executable", HttpStatusCode.UnsupportedMediaType,
            _ => Multipart([File("portraitPhoto", "../../../attachments/HS-ABCDEFGHJKMN/anh.png", Samples.Executable())]));
    }

    private static IEnumerable<BadInput> Ratings()
    {
        BadInput Rating(string what, HttpStatusCode status, HttpContent content) =>
            Case($"rating: {what}", status, t => Post($"{Dossiers}/{t.FinishedId}/rating", content, t.FinishedKey));

        foreach (var (what, json) in new[]
                 {
                     ("score 0", """{"score":0}"""), ("score 6", """{"score":6}"""), ("score -1", """{"score":-1}"""), ("score 3.5", """{"score":3.5}"""),
("score null", """{"score":null}"""), ("no score", """{"comment":"Tốt"}"""),
                     ("score beyond int", """{"score":10000000000}"""), ("an array", "[5]"), ("malformed JSON", "{\"score\":"), ("an empty body", ""),
                     ("a comment of 1,001 characters", new JsonObject { ["score"] = 5, ["comment"] = new string('ạ', 1001) }.ToJsonString()),
                     ("NUL in the comment", new JsonObject { ["score"] = 5, ["comment"] = "Tốt\0" }.ToJsonString()),
                     ("a right-to-left override in the comment", new JsonObject { ["score"] = 5, ["comment"] = "Tốt \u202Equá" }.ToJsonString()),
                 })
        {
            yield return Rating(what, HttpStatusCode.BadRequest, Json(json));
        }

        yield return Rating("sent as text/plain", HttpStatusCode.UnsupportedMediaType, Bytes("""{"score":5}"""u8.ToArray(), "text/plain"));
        yield return Rating("sent as a form", HttpStatusCode.UnsupportedMediaType, Bytes("score=5"u8.ToArray(), "application/x-www-form-urlencoded"));
        yield return Rating("sent without a content type", HttpStatusCode.UnsupportedMediaType, Bytes("""{"score":5}"""u8.ToArray(), null));
        yield return Case("rating: a dossier still being processed", HttpStatusCode.Conflict,
            t => Post($"{Dossiers}/{t.WaitingId}/rating", Json("""{"score":5}"""), t.WaitingKey));
        yield return Case("rating: another dossier's key", HttpStatusCode.NotFound,
            t => Post($"{Dossiers}/{t.FinishedId}/rating", Json("""{"score":5}"""), t.WaitingKey));
        yield return Case("rating: no key", HttpStatusCode.NotFound, t => Post($"{Dossiers}/{t.FinishedId}/rating", Json("""{"score":5}""")));
        yield return Case("rating: unknown dossier", HttpStatusCode.NotFound, t => Post($"{Dossiers}/{UnknownDossier}/rating", Json("""{"score":5}"""), t.FinishedKey));
    }

    private static IEnumerable<BadInput> Withdrawals()
    {
        yield return Case("withdraw: a dossier already rejected", HttpStatusCode.Conflict, t => Post($"{Dossiers}/{t.FinishedId}/withdraw", null, t.FinishedKey));
        yield return Case("withdraw: another dossier's key", HttpStatusCode.NotFound, t => Post($"{Dossiers}/{t.WaitingId}/withdraw", null, t.FinishedKey));
        yield return Case("withdraw: no key", HttpStatusCode.NotFound, t => Post($"{Dossiers}/{t.WaitingId}/withdraw", null));
        yield return Case("withdraw: an empty key", HttpStatusCode.NotFound, t => Post($"{Dossiers}/{t.WaitingId}/withdraw", null, ""));
        yield return Case("withdraw: unknown dossier", HttpStatusCode.NotFound, t => Post($"{Dossiers}/{UnknownDossier}/withdraw", null, t.WaitingKey));
        yield return Case("withdraw: a malformed id", HttpStatusCode.NotFound, t => Post($"{Dossiers}/HS-1/withdraw", null, t.WaitingKey));
    }

    private static IEnumerable<BadInput> Lookups()
    {
        foreach (var (what, id) in new[]
                 {
                     ("too short", "HS-123"), ("too long", "HS-ABCDEFGHJKMNP"), ("lower case", "hs-abcdefghjkmn"), ("with O", "HS-ABCDEFGHJKMO"),
                     ("with I and L", "HS-ABCDEFGHIJKL"), ("a feedback id", "PA-ABCDEFGHJKMN"),
                     ("full-width letters", "HS-ＡＢＣＤＥＦＧＨＪＫＭＮ"), ("dot segments", "..%2F..%2Fetc%2Fpasswd"), ("2,000 characters", new string('H', 2000)),
                     ("unknown but well formed", UnknownDossier),
                 })
        {
            yield return Case($"lookup, dossier id: {what}", HttpStatusCode.NotFound, t => Get($"{Dossiers}/{id}", t.WaitingKey));
        }

        foreach (var (what, id) in new[]
                 {
                     ("lower case", "pa-abcdefghjkmn"), ("a dossier id", "HS-ABCDEFGHJKMN"), ("dot segments", "..%2F..%2Fetc%2Fpasswd"),
                     ("unknown but well formed", "PA-ABCDEFGHJKMN"),
                 })
        {
            yield return Case($"lookup, feedback id: {what}", HttpStatusCode.NotFound, t => Get($"{FeedbackPath}/{id}", t.WaitingKey));
        }

        yield return Case("lookup: another dossier's key", HttpStatusCode.NotFound, t => Get($"{Dossiers}/{t.WaitingId}", t.FinishedKey));
        yield return Case("lookup: no key", HttpStatusCode.NotFound, t => Get($"{Dossiers}/{t.WaitingId}"));
        yield return Case("lookup: the key with one character changed", HttpStatusCode.NotFound,
            t => Get($"{Dossiers}/{t.WaitingId}", (t.WaitingKey[0] == 'A' ? "B" : "A") + t.WaitingKey[1..]));
        foreach (var (what, fileId) in new[]
                 {
                     ("unknown", "0123456789abcdef"), ("dot segments", "..%2F..%2Fdossier"), ("a row key of another kind", "..%7Cdossier"),
                     ("81 characters", new string('a', 81)), ("a hash sign", "a%23b"), ("a question mark", "a%3Fb"), ("a backslash", "a%5Cb"),
                     ("a quote", "a'b"),
                 })
        {
            yield return Case($"lookup, attachment id: {what}", HttpStatusCode.NotFound, t => Get($"{Dossiers}/{t.WaitingId}/attachments/{fileId}", t.WaitingKey));
            yield return Case($"lookup, result id: {what}", HttpStatusCode.NotFound, t => Get($"{Dossiers}/{t.FinishedId}/results/{fileId}", t.FinishedKey));
        }

        yield return Case("lookup, attachment: another dossier's key", HttpStatusCode.NotFound,
            t => Get($"{Dossiers}/{t.WaitingId}/attachments/0123456789abcdef", t.FinishedKey));
    }

    private static IEnumerable<BadInput> Catalog()
    {
        foreach (var (what, query) in new[]
                 {
                     ("q with NUL", "q=gi%00ay"), ("q with an escape character", "q=%1B%5B31m"), ("q with a noncharacter", "q=gi%EF%BF%BFay"),
                     ("q of 201 characters", "q=" + new string('a', 201)), ("q of 201 characters once composed (402 decomposed)", "q=" + string.Concat(Enumerable.Repeat("a%CC%80", 201))),
                     ("level 3", "level=3"), ("level in upper case", "level=FULL"), ("level mức độ 4", "level=m%E1%BB%A9c%20%C4%91%E1%BB%99%204"),
                 })
        {
            yield return Get($"catalog: {what}", HttpStatusCode.BadRequest, $"/api/procedures?{query}");
        }
    }

    private static IEnumerable<BadInput> Visits()
    {
        // Counting a visit is the endpoint's whole job, so a valid POST is no bad input: only the wrong methods are.
        foreach (var method in new[] { HttpMethod.Get, HttpMethod.Put, HttpMethod.Delete })
        {
            yield return Case($"visits: {method}", HttpStatusCode.MethodNotAllowed, _ => PortalHttp.Request(method, "/api/visits"));
        }
    }

    /// <summary>The account's endpoints and reuse, signed out or with a token that is not one (every bad token is refused before anything runs).</summary>
    private static IEnumerable<BadInput> Accounts()
    {
        foreach (var (what, document) in new[]
                 {
                     ("a well-formed id", $"{UnknownDossier}.0123456789abcdef"), ("an id with dot segments", "..%2F..%2Fdossier"),
                     ("an OData quote", "HS-ABC'or'1'eq'1"), ("2,000 characters", new string('A', 2000)),
                 })
        {
            yield return Case($"signed out: the content of {what}", HttpStatusCode.Unauthorized, _ => Get($"/api/me/documents/{document}/content"));
            yield return Case($"signed out: the access log of {what}", HttpStatusCode.Unauthorized, _ => Get($"/api/me/documents/{document}/access-log"));
            yield return Case($"signed out: withdrawing consent for {what}", HttpStatusCode.Unauthorized,
                _ => PortalHttp.Request(HttpMethod.Delete, $"/api/me/documents/{document}/consent/{UnknownDossier}"));
        }

        foreach (var path in new[] { "/api/me", "/api/me/dossiers", "/api/me/dossiers?page=garbage", "/api/me/documents" })
        {
            yield return Get($"signed out: {path}", HttpStatusCode.Unauthorized, path);
            foreach (var (what, authorization) in new[]
                     {
                         ("Basic credentials", "Basic YW46YW4="), ("an empty bearer", "Bearer "), ("a bearer that is not a JWT", "Bearer abc.def.ghi"),
                         ("an unsigned JWT", "Bearer eyJhbGciOiJub25lIn0.eyJzdWIiOiJ4In0."), ("a 10,000-character bearer", "Bearer " + new string('a', 10000)),
                     })
            {
                yield return Case($"{what}: {path}", HttpStatusCode.Unauthorized, _ =>
                {
                    var request = Get(path);
                    request.Headers.TryAddWithoutValidation("Authorization", authorization);
                    return request;
                });
            }
        }

        foreach (var (what, reuse) in new (string, JsonNode)[]
                 {
                     ("signed out", new JsonObject { ["proofOfPremises"] = $"{UnknownDossier}.0123456789abcdef" }),
                     ("a document the procedure does not have", new JsonObject { ["passport"] = $"{UnknownDossier}.0123456789abcdef" }),
                     ("a malformed document id", new JsonObject { ["proofOfPremises"] = "../../attachments/x" }),
                     ("a number for an id", new JsonObject { ["proofOfPremises"] = 42 }),
                     ("a list for reuse", new JsonArray("HS-1")),
                 })
        {
            var status = what == "signed out" ? HttpStatusCode.Unauthorized : HttpStatusCode.BadRequest;
            yield return Case($"reuse: {what}", status, _ => Post(Dossiers, Json(Mutated(Samples.ElectricityConnection(), Set("reuse", reuse)))));
        }
    }

    private static IEnumerable<BadInput> FileLinks()
    {
        const string files = "/api/files";
        foreach (var (what, token) in new[]
                 {
                     ("42 characters", new string('A', 42)), ("44 characters", new string('A', 44)), ("padded", new string('A', 42) + "="),
                     ("base64, not base64url", new string('A', 41) + "+A"), ("a slash", new string('A', 41) + "%2FA"), ("a dot", new string('A', 42) + "."),
                     ("dot segments", "..%2F..%2Fdossiers"), ("non-ASCII", new string('A', 42) + "%C4%91"),
                     ("2,000 characters", new string('A', 2000)), ("an OData quote", new string('A', 40) + "'or'"),
                     ("unknown but well formed", "AAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAA"),
                     ("a SHA-256 in hex", "0123456789abcdef0123456789abcdef0123456789abcdef0123456789abcdef"),
                 })
        {
            yield return Get($"file link: {what}", HttpStatusCode.NotFound, $"{files}/{token}");
        }

        yield return Case("file link: expired", HttpStatusCode.Gone, t => Get($"{files}/{t.ExpiredLinkToken}"));
        yield return Case("file link: consent withdrawn", HttpStatusCode.Gone, t => Get($"{files}/{t.WithdrawnLinkToken}"));
        foreach (var method in new[] { HttpMethod.Post, HttpMethod.Put, HttpMethod.Delete })
        {
            yield return Case($"file link: {method}", HttpStatusCode.MethodNotAllowed, t => PortalHttp.Request(method, $"{files}/{t.ExpiredLinkToken}"));
        }
    }

    private static IEnumerable<BadInput> AgencyEvents()
    {
        // No agency is registered in the corpus's app: every event is for an unknown agency, whatever else is wrong with it.
        var body = """{"type":"dossier.status_changed","timestamp":"2026-01-01T00:00:00Z","data":{"dossierId":"HS-ABCDEFGHJKMN","status":"accepted"}}""";
        foreach (var (what, agencyId) in new[]
                 {
                     ("a catalog agency that never registered", "evn-hanoi"), ("an agency outside the catalog", "evil-agency"),
                     ("65 characters", new string('a', 65)), ("a hash sign", "evn%23hanoi"), ("a question mark", "evn%3Fhanoi"),
                     ("a backslash", "evn%5Chanoi"), ("a quote", "evn'hanoi"), ("dot segments", "..%2Fagency"),
                 })
        {
            yield return Case($"agency event: {what}", HttpStatusCode.NotFound, _ =>
            {
                var request = PortalHttp.Request(HttpMethod.Post, $"/api/agencies/{agencyId}/events", Json(body));
                request.Headers.Add("webhook-id", "msg_corpus");
                request.Headers.Add("webhook-timestamp", "1767225600");
                request.Headers.Add("webhook-signature", "v1,AAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAA=");
                return request;
            });
        }
    }

    private static IEnumerable<BadInput> Ops()
    {
        BadInput Register(string what, HttpStatusCode status, HttpContent content, string agencyId = "soct-hue", string? key = FunctionApp.AdminKey) =>
            Case($"ops, register agency: {what}", status, _ => PortalHttp.Request(HttpMethod.Put, $"/api/ops/agencies/{agencyId}", content, functionKey: key));

        yield return Register("no key", HttpStatusCode.Unauthorized, Json(Registration(_ => { })), key: null);
        yield return Register("the function key, not the admin key", HttpStatusCode.Unauthorized, Json(Registration(_ => { })), key: FunctionApp.FunctionKey);
        yield return Register("an agency outside the catalog", HttpStatusCode.NotFound, Json(Registration(_ => { })), agencyId: "evil-agency");
        yield return Register("sent as text/plain", HttpStatusCode.UnsupportedMediaType, Bytes(Encoding.UTF8.GetBytes(Registration(_ => { })), "text/plain"));
        foreach (var (what, json) in new[]
                 {
                     ("malformed JSON", "{\"name\":"), ("null", "null"), ("an array", "[]"), ("no name", Registration(Remove("name"))),
                     ("a name of 201 characters", Registration(Set("name", new string('S', 201)))), ("NUL in the name", Registration(Set("name", "Sở\0Công Thương"))),
                     ("provinceCode with letters", Registration(Set("provinceCode", "HN"))), ("an empty provinceCode", Registration(Set("provinceCode", ""))),
                     ("an ftp webhookUrl", Registration(Set("webhookUrl", "ftp://motcua.hue.gov.vn/hooks"))),
                     ("plain http to another machine", Registration(Set("webhookUrl", "http://motcua.hue.gov.vn/hooks"))),
                     ("credentials in the webhookUrl", Registration(Set("webhookUrl", "https://admin:secret@motcua.hue.gov.vn/hooks"))),
                     ("a javascript: webhookUrl", Registration(Set("webhookUrl", "javascript:alert(1)"))),
                     ("a file: webhookUrl", Registration(Set("webhookUrl", "file:///etc/passwd"))),
                     ("a relative webhookUrl", Registration(Set("webhookUrl", "/hooks"))),
                     ("a webhookUrl of 2,001 characters", Registration(Set("webhookUrl", "https://motcua.hue.gov.vn/" + new string('a', 1975)))),
                     ("no secret", Registration(Remove("secret"))), ("a secret without whsec_", Registration(Set("secret", Convert.ToBase64String(new byte[32])))),
                     ("a secret of 16 bytes", Registration(Set("secret", "whsec_" + Convert.ToBase64String(new byte[16])))),
                     ("a secret of 65 bytes", Registration(Set("secret", "whsec_" + Convert.ToBase64String(new byte[65])))),
                     ("a secret with a space", Registration(Set("secret", "whsec_" + Convert.ToBase64String(new byte[32]).Insert(8, " ")))),
                     ("a secret that is not base64", Registration(Set("secret", "whsec_" + new string('!', 44)))),
                 })
        {
            yield return Register(what, HttpStatusCode.BadRequest, Json(json));
        }

        BadInput OpsCall(string what, HttpStatusCode status, HttpMethod method, string path, HttpContent? content = null, string? key = FunctionApp.FunctionKey) =>
            Case($"ops: {what}", status, _ => PortalHttp.Request(method, path, content, functionKey: key));

        yield return OpsCall("replay without a key", HttpStatusCode.Unauthorized, HttpMethod.Post, $"/api/ops/deliveries/{UnknownDossier}-01/replay", key: null);
        yield return OpsCall("replay of an unknown delivery", HttpStatusCode.NotFound, HttpMethod.Post, $"/api/ops/deliveries/{UnknownDossier}-01/replay");
        yield return OpsCall("replay of a delivery id with one digit", HttpStatusCode.NotFound, HttpMethod.Post, $"/api/ops/deliveries/{UnknownDossier}-1/replay");
        yield return Case("ops: replay of a delivery with nothing failed", HttpStatusCode.Conflict,
            t => PortalHttp.Request(HttpMethod.Post, $"/api/ops/deliveries/{t.WaitingId}-01/replay", functionKey: FunctionApp.FunctionKey));
        yield return OpsCall("deliveries in state pending", HttpStatusCode.BadRequest, HttpMethod.Get, "/api/ops/deliveries?state=pending");
        yield return OpsCall("deliveries without a state", HttpStatusCode.BadRequest, HttpMethod.Get, "/api/ops/deliveries");
        yield return OpsCall("stats without a key", HttpStatusCode.Unauthorized, HttpMethod.Get, "/api/ops/stats", key: null);
        yield return OpsCall("stats with a wrong key", HttpStatusCode.Unauthorized, HttpMethod.Get, "/api/ops/stats", key: "guess");
        foreach (var (what, path) in new[]
                 {
                     ("report of month 13", "/api/ops/reports/2026-13-01"), ("report of 30 February", "/api/ops/reports/2026-02-30"),
                     ("report for yesterday in words", "/api/ops/reports/yesterday"), ("report as XML", "/api/ops/reports/2026-01-01?format=xml"),
                     ("reports from a junk date", "/api/ops/reports?from=junk"), ("reports ending before they start", "/api/ops/reports?from=2026-01-10&to=2026-01-01"),
                     ("reports over 100 days", "/api/ops/reports?from=2026-01-01&to=2026-04-10"),
                 })
        {
            yield return OpsCall(what, HttpStatusCode.BadRequest, HttpMethod.Get, path);
        }

        yield return OpsCall("a report never written", HttpStatusCode.NotFound, HttpMethod.Get, "/api/ops/reports/1999-01-01");
        foreach (var (what, status, name, json) in new[]
                 {
                     ("an unknown function", HttpStatusCode.NotFound, "DropTables", "{}"),
                     ("an HTTP function", HttpStatusCode.BadRequest, "SubmitDossier", "{}"),
                     ("malformed JSON", HttpStatusCode.BadRequest, "ForwardDossier", "{\"input\":"),
                     ("input a number", HttpStatusCode.BadRequest, "ForwardDossier", """{"input":5}"""),
                     ("input that is not a message", HttpStatusCode.BadRequest, "ForwardDossier", """{"input":"not a message"}"""),
                     ("input that is JSON null", HttpStatusCode.BadRequest, "ForwardDossier", """{"input":"null"}"""),
                     ("input of the wrong shape", HttpStatusCode.BadRequest, "ForwardDossier", """{"input":"[1,2,3]"}"""),
                 })
        {
            yield return Case($"ops, run function: {what}", status, _ => PortalHttp.Request(HttpMethod.Post, $"/admin/functions/{name}", Json(json), functionKey: FunctionApp.AdminKey));
        }

        yield return Case("ops, run function: with the function key", HttpStatusCode.Unauthorized,
            _ => PortalHttp.Request(HttpMethod.Post, "/admin/functions/OutboxSweep", Json("{}"), functionKey: FunctionApp.FunctionKey));
    }

    /// <summary>Checkout, receipts, the gateway's return and the payment ops calls (the IPN always answers 200: WebhookAbuseTests).</summary>
    private static IEnumerable<BadInput> Payments()
    {
        static string Checkout(string id, string paymentId) => $"/api/dossiers/{id}/payments/{paymentId}/checkout";
        yield return Case("checkout with a wrong key", HttpStatusCode.NotFound,
            t => PortalHttp.Request(HttpMethod.Post, Checkout(t.WaitingId, $"{t.WaitingId}-TT01"), accessKey: t.FinishedKey));
        yield return Case("checkout without a key", HttpStatusCode.NotFound, t => PortalHttp.Request(HttpMethod.Post, Checkout(t.WaitingId, $"{t.WaitingId}-TT01")));
        yield return Case("checkout of a payment the dossier does not have", HttpStatusCode.NotFound,
            t => PortalHttp.Request(HttpMethod.Post, Checkout(t.WaitingId, $"{t.WaitingId}-TT01"), accessKey: t.WaitingKey));
        yield return Case("checkout of another dossier's payment", HttpStatusCode.NotFound,
            t => PortalHttp.Request(HttpMethod.Post, Checkout(t.WaitingId, $"{t.FinishedId}-TT01"), accessKey: t.WaitingKey));
        foreach (var (what, paymentId) in new[] { ("a payment id with one digit", "-TT1"), ("an injected payment id", "-TT01' or '1'='1"), ("a dot segment", "-TT01%2F..") })
        {
            yield return Case($"checkout of {what}", HttpStatusCode.NotFound,
                t => PortalHttp.Request(HttpMethod.Post, Checkout(t.WaitingId, t.WaitingId + paymentId), accessKey: t.WaitingKey));
        }

        yield return Case("receipt with a wrong key", HttpStatusCode.NotFound,
            t => PortalHttp.Request(HttpMethod.Get, $"/api/dossiers/{t.WaitingId}/payments/{t.WaitingId}-TT01/receipt", accessKey: t.FinishedKey));
        yield return Get("return without parameters", HttpStatusCode.BadRequest, "/api/payments/vnpay/return");
        yield return Get("return with a made-up signature", HttpStatusCode.BadRequest,
            $"/api/payments/vnpay/return?vnp_TxnRef={UnknownDossier}-TT01-01&vnp_ResponseCode=00&vnp_TransactionStatus=00&vnp_SecureHash={new string('a', 128)}");
        yield return Get("return with a parameter twice", HttpStatusCode.BadRequest,
            $"/api/payments/vnpay/return?vnp_TxnRef={UnknownDossier}-TT01-01&vnp_TxnRef=x&vnp_SecureHash=00");
        yield return Case("ops: refund without a key", HttpStatusCode.Unauthorized,
            _ => PortalHttp.Request(HttpMethod.Post, $"/api/ops/payments/{UnknownDossier}-TT01/refund"));
        yield return Case("ops: refund with the function key", HttpStatusCode.Unauthorized,
            _ => PortalHttp.Request(HttpMethod.Post, $"/api/ops/payments/{UnknownDossier}-TT01/refund", functionKey: FunctionApp.FunctionKey));
        yield return Case("ops: refund of an unknown payment", HttpStatusCode.NotFound,
            _ => PortalHttp.Request(HttpMethod.Post, $"/api/ops/payments/{UnknownDossier}-TT01/refund", functionKey: FunctionApp.AdminKey));
        yield return Case("ops: refund of a malformed payment id", HttpStatusCode.NotFound,
            _ => PortalHttp.Request(HttpMethod.Post, "/api/ops/payments/' or 1=1 --/refund", functionKey: FunctionApp.AdminKey));
        foreach (var (what, query) in new[]
                 {
                     ("payments without a state", ""), ("payments in an unknown state", "?state=stolen"), ("payments of 31 April", "?state=paid&date=2026-04-31"),
                     ("payments of a date in words", "?state=paid&date=today"),
                 })
        {
            yield return Case($"ops: {what}", HttpStatusCode.BadRequest,
                _ => PortalHttp.Request(HttpMethod.Get, $"/api/ops/payments{query}", functionKey: FunctionApp.FunctionKey));
        }

        yield return Case("ops: payments without a key", HttpStatusCode.Unauthorized, _ => PortalHttp.Request(HttpMethod.Get, "/api/ops/payments?state=paid"));
    }

    // ---- building requests ----

    /// <summary>One part of a hand-written multipart body: any Content-Disposition text (null: none), raw bytes.</summary>
    private sealed record Part(string? Disposition, byte[] Body, string? ContentType = "application/octet-stream");

    private static Part File(string name, string fileName, byte[] body) => new($"form-data; name=\"{name}\"; filename=\"{fileName}\"", body);

    private static Part DossierPart(string json) => new("form-data; name=\"dossier\"", Encoding.UTF8.GetBytes(json), "application/json");

    private static Part FeedbackPart(string json) => new("form-data; name=\"feedback\"", Encoding.UTF8.GetBytes(json), "application/json");

    /// <summary>The sample licence's three files, with <paramref name="replace"/>'s file swapped for <paramref name="with"/> (or left out).</summary>
    private static IEnumerable<Part> LicenceFiles(string replace = "", Part? with = null) =>
        Samples.LicenceFiles().Select(f => f.Item1 == replace ? with : File(f.Item1, f.Item2, f.Item3)).OfType<Part>();

    private const string Boundary = "corpus-boundary-7d3c";

    private static ByteArrayContent Multipart(IEnumerable<Part> parts, bool close = true) =>
        Bytes(MultipartBody(parts, close), $"multipart/form-data; boundary={Boundary}");

    /// <summary>Written byte by byte, so names may hold what a well-behaved client would encode or refuse (NUL, raw UTF-8).</summary>
    private static byte[] MultipartBody(IEnumerable<Part> parts, bool close = true)
    {
        using var body = new MemoryStream();
        void Write(string text) => body.Write(Encoding.UTF8.GetBytes(text));
        foreach (var part in parts)
        {
            Write($"--{Boundary}\r\n");
            if (part.Disposition is not null)
            {
                Write($"Content-Disposition: {part.Disposition}\r\n");
            }

            if (part.ContentType is not null)
            {
                Write($"Content-Type: {part.ContentType}\r\n");
            }

            Write("\r\n");
            body.Write(part.Body);
            Write("\r\n");
        }

        if (close)
        {
            Write($"--{Boundary}--\r\n");
        }

        return body.ToArray();
    }

    private static ByteArrayContent Bytes(byte[] body, string? contentType)
    {
        var content = new ByteArrayContent(body);
        if (contentType is not null)
        {
            content.Headers.TryAddWithoutValidation("Content-Type", contentType);
        }

        return content;
    }

    private static StringContent Json(string json) => new(json, Encoding.UTF8, "application/json");

    private static HttpRequestMessage Post(string path, HttpContent? content, string? accessKey = null) => PortalHttp.Request(HttpMethod.Post, path, content, accessKey);

    private static HttpRequestMessage Get(string path, string? accessKey = null) => PortalHttp.Request(HttpMethod.Get, path, accessKey: accessKey);

    private static BadInput Case(string name, HttpStatusCode status, Func<CorpusTargets, HttpRequestMessage> request, string? notEchoed = null) =>
        new(name, status, request, notEchoed);

    private static BadInput Get(string name, HttpStatusCode status, string path) => Case(name, status, _ => Get(path));

    private static BadInput PostJson(string name, HttpStatusCode status, string path, string json) => Case(name, status, _ => Post(path, Json(json)));

    // ---- building bodies ----

    private static string Electricity(Action<JsonObject> change) => Mutated(Samples.ElectricityPayment(), change);

    private static string Licence(Action<JsonObject> change) => Mutated(Samples.Licence(), change);

    private static string FeedbackJson(Action<JsonObject> change) => Mutated(Samples.Feedback(), change);

    private static string Registration(Action<JsonObject> change) => Mutated(
        new { name = "Sở Công Thương Huế", provinceCode = "46", webhookUrl = "https://motcua.hue.gov.vn/hooks", secret = "whsec_" + Convert.ToBase64String(new byte[32]) },
        change);

    private static string Mutated(object sample, Action<JsonObject> change)
    {
        var node = JsonSerializer.SerializeToNode(sample, JsonSerializerOptions.Web)!.AsObject();
        change(node);
        return node.ToJsonString(Readable);
    }

    /// <summary>Sets a dotted path ("applicant.idNumber") to <paramref name="value"/>.</summary>
    private static Action<JsonObject> Set(string path, JsonNode? value) => root =>
    {
        var (parent, name) = Parent(root, path);
        parent[name] = value?.DeepClone();
    };

    private static Action<JsonObject> Remove(string path) => root =>
    {
        var (parent, name) = Parent(root, path);
        parent.Remove(name);
    };

    private static (JsonObject Parent, string Name) Parent(JsonObject root, string path)
    {
        var names = path.Split('.');
        return (names[..^1].Aggregate(root, (node, name) => node[name]!.AsObject()), names[^1]);
    }

    private static byte[] Padded(byte[] content, int size) => [.. content, .. new byte[size - content.Length]];

    private static byte[] PlainZip()
    {
        using var buffer = new MemoryStream();
        using (var zip = new System.IO.Compression.ZipArchive(buffer, System.IO.Compression.ZipArchiveMode.Create, leaveOpen: true))
        {
            using var entry = zip.CreateEntry("readme.txt").Open();
            entry.Write("Không phải văn bản Word"u8);
        }

        return buffer.ToArray();
    }
}
