using System.Text;
using MotCua.Vietnam;

namespace MotCua.Tests.Vietnam;

public sealed class VietnameseTextTests
{
    private const string Complaint =
        "Hồ sơ đổi giấy phép lái xe của tôi đã quá hạn mười ngày mà chưa có kết quả, đề nghị cơ quan giải quyết sớm.";

    [Fact]
    public void Normalize_composes_decomposed_text_and_trims()
    {
        var typedOnAMac = "  Nguyễn Văn An\n".Normalize(NormalizationForm.FormD);

        var normalized = VietnameseText.Normalize(typedOnAMac);

        Assert.Equal("Nguyễn Văn An", normalized);
        Assert.True(normalized.IsNormalized(NormalizationForm.FormC));
    }

    [Fact]
    public void Normalize_replaces_an_unpaired_surrogate_instead_of_throwing()
    {
        Assert.Equal("Lê\uFFFDAn", VietnameseText.Normalize("Lê\uD800An"));
    }

    [Theory]
    [InlineData("Trần Thị Bình", false, false)]
    [InlineData("Trần\u0000Bình", false, true)]
    [InlineData("Trần\u0007Bình", true, true)]
    [InlineData("Trần\u0085Bình", true, true)]                  // C1 control
    [InlineData("hoso\u202Efdp.exe", false, true)]              // right-to-left override
    [InlineData("Dòng một\nDòng hai", false, true)]
    [InlineData("Dòng một\r\nDòng hai\tcột", true, false)]
    public void ContainsControlCharacters_finds_controls_and_bidi_overrides(string text, bool multiline, bool expected)
    {
        Assert.Equal(expected, VietnameseText.ContainsControlCharacters(text, multiline));
    }

    [Theory]
    [InlineData("Đổi giấy phép lái xe", "Doi giay phep lai xe")]
    [InlineData("Cấp lại thẻ BHYT do hỏng, mất", "Cap lai the BHYT do hong, mat")]
    [InlineData("ĐĂNG KÝ HOẠT ĐỘNG KHUYẾN MẠI", "DANG KY HOAT DONG KHUYEN MAI")]
    [InlineData("Thủ tục", "Thu tuc")]
    public void RemoveDiacritics_strips_marks_and_maps_d_bar(string text, string expected)
    {
        Assert.Equal(expected, VietnameseText.RemoveDiacritics(text));
        Assert.Equal(expected, VietnameseText.RemoveDiacritics(text.Normalize(NormalizationForm.FormD)));
    }

    [Theory]
    [InlineData(Complaint, 26)]
    [InlineData("  Xin   cảm ơn!  ", 3)]
    [InlineData("Ngày 12/02/2026 - lúc 9 giờ", 3)]
    [InlineData("", 0)]
    [InlineData(" \n\t ", 0)]
    public void CountWords_counts_tokens_with_letters(string text, int expected)
    {
        Assert.Equal(expected, VietnameseText.CountWords(text));
    }

    [Theory]
    [InlineData(Complaint, true)]
    [InlineData("Cán bộ tiếp nhận hồ sơ rất nhiệt tình, tôi rất hài lòng.", true)]
    [InlineData("Ho so doi giay phep lai xe cua toi da qua han muoi ngay ma chua co ket qua.", false)]
    [InlineData("Ho so cua toi da qua han muoi ngay, đề nghị xử lý.", true)]   // 4 marked words of 13
    [InlineData("Ho so cua toi da qua han, đề nghị xử.", true)]             // exactly 3 of 10
    [InlineData("Ho so cua toi da qua han muoi, đề nghị.", false)]          // 2 of 10
    [InlineData("Ho so cua toi da qua han muoi ngay ma chua co ket qua, đề nghị.", false)] // 2 of 16
    [InlineData("Über schöne Grüße aus München", false)]                    // diacritics, but not Vietnamese ones
    [InlineData("2026 12 345", false)]
    [InlineData("", false)]
    public void HasVietnameseDiacritics_needs_marks_on_a_share_of_the_words(string text, bool expected)
    {
        Assert.Equal(expected, VietnameseText.HasVietnameseDiacritics(text));
    }

    [Fact]
    public void HasVietnameseDiacritics_accepts_decomposed_text()
    {
        Assert.True(VietnameseText.HasVietnameseDiacritics(Complaint.Normalize(NormalizationForm.FormD)));
    }

    [Theory]
    [InlineData("Xem chi tiết tại https://example.com/thu-tuc", true)]
    [InlineData("Xem tại http://1.2.3.4/a", true)]
    [InlineData("Truy cập www.example.net để biết thêm", true)]
    [InlineData("Vào dichvucong.gov.vn mà tra cứu", true)]
    [InlineData("Mua hàng giá rẻ tại abc.com nhé", true)]
    [InlineData("Trang vnexpress.net đã đưa tin", true)]
    [InlineData("Link rút gọn BIT.LY/abc", true)]
    [InlineData("Tôi ở TP.HCM, hồ sơ nộp tại Q.1, P.5 v.v.", false)]
    [InlineData("Phí 1.250.000 ₫ là quá cao.", false)]
    [InlineData("Tôi đã nộp hồ sơ.Me tôi cũng vậy.", false)]
    [InlineData("Liên hệ tôi qua an@example.vn nếu cần.", false)]
    [InlineData("Công ty abc.company không liên quan", false)]
    [InlineData(Complaint, false)]
    public void ContainsLink_finds_urls_and_bare_domains(string text, bool expected)
    {
        Assert.Equal(expected, VietnameseText.ContainsLink(text));
    }
}
