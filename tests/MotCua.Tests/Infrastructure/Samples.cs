// Realistic submissions and minimal but genuine files (a PDF, a PNG, a JPEG) for the tests.
using System.IO.Compression;
using System.Text;

namespace MotCua.Tests.Infrastructure;

public static class Samples
{
    public const string ElectricityBill = "thanh-toan-tien-dien";
    public const string LicenceExchange = "doi-giay-phep-lai-xe";
    public const string PromotionNotice = "thong-bao-khuyen-mai";
    public const string NewConnection = "cap-dien-moi-ha-ap";

    /// <param name="marker">A <see cref="Marker"/> for the address to carry.</param>
    public static object Citizen(string idNumber = "001090012345", string phone = "0912345678", string? marker = null) => new
    {
        kind = "citizen",
        fullName = "Nguyễn Văn An",
        idNumber,
        phone,
        email = "an@example.vn",
        address = marker is null ? "Số 1 Tràng Tiền, Hoàn Kiếm, Hà Nội" : $"Số 1 Tràng Tiền, Hoàn Kiếm, Hà Nội ({marker})",
    };

    /// <summary>
    /// Text no other request carries (ASCII, so stored JSON keeps it as it is): a test puts it in a free-text field, such as an
    /// address, to find what its own request stored (Portal.DossiersMentioningAsync) among what other tests store.
    /// </summary>
    public static string Marker() => $"marker-{Guid.NewGuid():N}";

    public static object Business() => new
    {
        kind = "business",
        fullName = "Công ty TNHH Thương mại Sao Mai",
        taxCode = "0101234567",
        phone = "0987654321",
        email = "phaply@saomai.vn",
    };

    /// <summary>Pays an electricity bill in Hà Nội: JSON only, routed to EVNHANOI.</summary>
    public static object ElectricityPayment(object? applicant = null, string province = "Hà Nội", string customerCode = "PD01001234567") => new
    {
        procedureCode = ElectricityBill,
        applicant = applicant ?? Citizen(),
        fields = new { customerCode, province, billingPeriod = "10/2026", amountVnd = 356000 },
    };

    public static object Licence() => new
    {
        procedureCode = LicenceExchange,
        applicant = Citizen(),
        fields = new { licenceNumber = "790123456789", licenceClass = "B2", issueDate = "2016-05-20", exchangeReason = "Hết hạn sử dụng", receiveByPost = true },
    };

    public static (string, string, byte[])[] LicenceFiles() =>
    [
        ("healthCertificate", "giay-kham-suc-khoe.pdf", Pdf("Giay kham suc khoe")),
        ("currentLicence", "GPLX hiện tại.png", Png()),
        ("portraitPhoto", "ảnh chân dung.jpg", Jpeg()),
    ];

    /// <summary>A new low-voltage electricity connection in Hà Nội (level 4, no catalog fee: EVNHANOI may charge for the works).</summary>
    public static object ElectricityConnection() => new
    {
        procedureCode = NewConnection,
        applicant = Citizen(),
        fields = new { installationAddress = "Số 12 ngõ 34 Khâm Thiên, Đống Đa, Hà Nội", province = "Hà Nội", purpose = "Sinh hoạt", phases = "1 pha",
            requestedCapacityKw = 8 },
    };

    public static (string, string, byte[])[] ElectricityConnectionFiles() =>
    [
        ("proofOfPremises", "hợp đồng thuê nhà.pdf", Pdf("Hop dong thue nha")),
        ("powerOfAttorney", "giay-uy-quyen.jpg", Jpeg()),
    ];

    public static object Promotion(IEnumerable<string> agencyIds) => new
    {
        procedureCode = PromotionNotice,
        applicant = Business(),
        fields = new
        {
            programmeName = "Tri ân khách hàng mùa Tết 2027",
            goods = "Nước giải khát đóng chai",
            startDate = "2027-01-10",
            endDate = "2027-02-10",
            promotionForm = "Tặng hàng hóa, cung ứng dịch vụ không thu tiền",
            customerScope = "Khách hàng mua tại các cửa hàng trên toàn quốc",
            totalPrizeValueVnd = 250000000,
        },
        agencyIds,
    };

    public const string FeedbackContent =
        "Thủ tục đổi giấy phép lái xe tại điểm tiếp nhận yêu cầu nộp bản sao công chứng dù đã có bản điện tử trên cổng.";

    /// <summary>A phản ánh about the driving-licence procedure that passes every content rule.</summary>
    public static object Feedback(string? content = FeedbackContent, string category = "procedure", string? procedureCode = LicenceExchange,
        string? agencyId = null, bool consent = true) => new
    {
        category,
        title = "Yêu cầu giấy tờ không cần thiết",
        content,
        procedureCode,
        agencyId,
        contact = new { fullName = "Trần Thị Bình", email = "binh@example.vn", phone = "0987654321" },
        consentToPublish = consent,
    };

    public static byte[] Pdf(string text)
    {
        var body = new StringBuilder("%PDF-1.4\n");
        var offsets = new List<int>();
        void Obj(string content)
        {
            offsets.Add(body.Length);
            body.Append(offsets.Count).Append(" 0 obj\n").Append(content).Append("\nendobj\n");
        }

        var stream = $"BT /F1 18 Tf 72 720 Td ({text}) Tj ET";
        Obj("<< /Type /Catalog /Pages 2 0 R >>");
        Obj("<< /Type /Pages /Kids [3 0 R] /Count 1 >>");
        Obj("<< /Type /Page /Parent 2 0 R /MediaBox [0 0 595 842] /Contents 4 0 R /Resources << /Font << /F1 5 0 R >> >> >>");
        Obj($"<< /Length {stream.Length} >>\nstream\n{stream}\nendstream");
        Obj("<< /Type /Font /Subtype /Type1 /BaseFont /Helvetica >>");
        var xref = body.Length;
        body.Append("xref\n0 ").Append(offsets.Count + 1).Append("\n0000000000 65535 f \n");
        foreach (var offset in offsets)
        {
            body.Append(offset.ToString("D10", System.Globalization.CultureInfo.InvariantCulture)).Append(" 00000 n \n");
        }

        body.Append("trailer\n<< /Size ").Append(offsets.Count + 1).Append(" /Root 1 0 R >>\nstartxref\n").Append(xref).Append("\n%%EOF\n");
        return Encoding.ASCII.GetBytes(body.ToString());
    }

    /// <summary>A 1×1 PNG.</summary>
    public static byte[] Png() => Convert.FromBase64String(
        "iVBORw0KGgoAAAANSUhEUgAAAAEAAAABCAYAAAAfFcSJAAAADUlEQVR42mP8z8BQDwAEhQGAhKmMIQAAAABJRU5ErkJggg==");

    /// <summary>The start of a JFIF JPEG (content sniffing reads the signature, not the whole image).</summary>
    public static byte[] Jpeg() =>
    [
        0xFF, 0xD8, 0xFF, 0xE0, 0x00, 0x10, 0x4A, 0x46, 0x49, 0x46, 0x00, 0x01, 0x01, 0x00, 0x00, 0x01, 0x00, 0x01, 0x00, 0x00,
        0xFF, 0xDB, 0x00, 0x43, 0x00, .. Enumerable.Repeat((byte)0x08, 64), 0xFF, 0xD9,
    ];

    /// <summary>A Windows executable's header, named as a PDF by the tests that send it.</summary>
    public static byte[] Executable() => [0x4D, 0x5A, 0x90, 0x00, 0x03, 0x00, 0x00, 0x00, .. new byte[120]];

    /// <summary>A zip (not an Office document) whose single entry inflates to many megabytes: a bomb named .docx.</summary>
    public static byte[] ZipBomb()
    {
        using var buffer = new MemoryStream();
        using (var zip = new ZipArchive(buffer, ZipArchiveMode.Create, leaveOpen: true))
        {
            foreach (var name in new[] { "[Content_Types].xml", "word/document.xml" })
            {
                using var entry = zip.CreateEntry(name, CompressionLevel.SmallestSize).Open();
                var zeros = new byte[1024 * 1024];
                for (var i = 0; i < 40; i++)
                {
                    entry.Write(zeros);
                }
            }
        }

        return buffer.ToArray();
    }
}
