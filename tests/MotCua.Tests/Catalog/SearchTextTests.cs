using System.Text;
using MotCua.Catalog;

namespace MotCua.Tests.Catalog;

public sealed class SearchTextTests
{
    [Theory]
    [InlineData("Đổi giấy phép lái xe", "doi giay phep lai xe")]
    [InlineData("ĐẮK LẮK", "dak lak")]
    [InlineData("Cấp lại thẻ BHYT do hỏng, mất", "cap lai the bhyt do hong, mat")]
    [InlineData("Thông báo hoạt động khuyến mại", "thong bao hoat dong khuyen mai")]
    [InlineData("Ưu đãi Ơn Ứng", "uu dai on ung")]
    [InlineData("doi giay phep", "doi giay phep")]
    [InlineData("", "")]
    public void Normalize_drops_diacritics_maps_d_bar_and_lowers_case(string text, string expected) =>
        Assert.Equal(expected, SearchText.Normalize(text));

    [Fact]
    public void Normalize_treats_composed_and_decomposed_text_alike()
    {
        const string Composed = "Khánh Hòa";

        Assert.Equal(SearchText.Normalize(Composed), SearchText.Normalize(Composed.Normalize(NormalizationForm.FormD)));
    }

    [Fact]
    public void Words_splits_on_any_white_space_and_normalises_each_word() =>
        Assert.Equal(["doi", "giay", "phep"], SearchText.Words("  Đổi\u00A0GIẤY   phép "));

    [Theory]
    [InlineData(null)]
    [InlineData("")]
    [InlineData("   ")]
    public void Words_of_a_blank_query_are_none(string? query) => Assert.Empty(SearchText.Words(query));

    [Theory]
    [InlineData("Đổi giấy phép lái xe", true)]
    [InlineData("emoji 🚗 is fine", true)]
    [InlineData("tab\there", false)]
    [InlineData("new\nline", false)]
    [InlineData("nul\0", false)]
    [InlineData("del\u007F", false)]
    [InlineData("c1\u0085", false)]
    [InlineData("noncharacter \uFFFE", false)]
    [InlineData("noncharacter \uFDD0", false)]
    public void IsWellFormed_rejects_control_characters_and_noncharacters(string text, bool expected) =>
        Assert.Equal(expected, SearchText.IsWellFormed(text));

    // Not theory data: the test runner's serialisation would replace a lone surrogate before the test saw it.
    [Fact]
    public void IsWellFormed_rejects_unpaired_surrogates()
    {
        Assert.False(SearchText.IsWellFormed("lone \uD800 high surrogate"));
        Assert.False(SearchText.IsWellFormed("lone \uDC00 low surrogate"));
        Assert.False(SearchText.IsWellFormed("reversed \uDC00\uD800 pair"));
        Assert.True(SearchText.IsWellFormed("paired \uD83D\uDE97 surrogates"));
    }
}
