using MotCua.Vietnam;

namespace MotCua.Tests.Vietnam;

public sealed class AmountInWordsTests
{
    [Theory]
    [InlineData(0, "Không đồng")]
    [InlineData(1, "Một đồng")]
    [InlineData(4, "Bốn đồng")]
    [InlineData(5, "Năm đồng")]
    [InlineData(10, "Mười đồng")]
    [InlineData(11, "Mười một đồng")]
    [InlineData(14, "Mười bốn đồng")]
    [InlineData(15, "Mười lăm đồng")]
    [InlineData(20, "Hai mươi đồng")]
    [InlineData(21, "Hai mươi mốt đồng")]
    [InlineData(24, "Hai mươi bốn đồng")]
    [InlineData(25, "Hai mươi lăm đồng")]
    [InlineData(71, "Bảy mươi mốt đồng")]
    [InlineData(95, "Chín mươi lăm đồng")]
    [InlineData(100, "Một trăm đồng")]
    [InlineData(101, "Một trăm linh một đồng")]
    [InlineData(105, "Một trăm linh năm đồng")]
    [InlineData(110, "Một trăm mười đồng")]
    [InlineData(111, "Một trăm mười một đồng")]
    [InlineData(115, "Một trăm mười lăm đồng")]
    [InlineData(121, "Một trăm hai mươi mốt đồng")]
    [InlineData(555, "Năm trăm năm mươi lăm đồng")]
    public void Vnd_reads_units_tens_and_hundreds(long amount, string expected)
    {
        Assert.Equal(expected, AmountInWords.Vnd(amount));
    }

    [Theory]
    [InlineData(1_000, "Một nghìn đồng")]
    [InlineData(1_001, "Một nghìn không trăm linh một đồng")]
    [InlineData(1_010, "Một nghìn không trăm mười đồng")]
    [InlineData(1_021, "Một nghìn không trăm hai mươi mốt đồng")]
    [InlineData(10_000, "Mười nghìn đồng")]
    [InlineData(15_000, "Mười lăm nghìn đồng")]
    [InlineData(21_000, "Hai mươi mốt nghìn đồng")]
    [InlineData(50_000, "Năm mươi nghìn đồng")]
    [InlineData(105_000, "Một trăm linh năm nghìn đồng")]
    [InlineData(135_000, "Một trăm ba mươi lăm nghìn đồng")]
    [InlineData(1_000_000, "Một triệu đồng")]
    [InlineData(1_000_005, "Một triệu không trăm linh năm đồng")]
    [InlineData(1_050_000, "Một triệu không trăm năm mươi nghìn đồng")]
    [InlineData(1_250_000, "Một triệu hai trăm năm mươi nghìn đồng")]
    [InlineData(1_500_000, "Một triệu năm trăm nghìn đồng")]
    [InlineData(12_345_678, "Mười hai triệu ba trăm bốn mươi lăm nghìn sáu trăm bảy mươi tám đồng")]
    public void Vnd_reads_thousands_and_millions_with_the_hundreds_of_every_group_after_the_first(long amount, string expected)
    {
        Assert.Equal(expected, AmountInWords.Vnd(amount));
    }

    [Theory]
    [InlineData(2_000_000_000, "Hai tỷ đồng")]
    [InlineData(2_000_000_001, "Hai tỷ không trăm linh một đồng")]
    [InlineData(3_005_000_000, "Ba tỷ không trăm linh năm triệu đồng")]
    [InlineData(1_234_567_891, "Một tỷ hai trăm ba mươi bốn triệu năm trăm sáu mươi bảy nghìn tám trăm chín mươi mốt đồng")]
    [InlineData(1_000_000_000_000, "Một nghìn tỷ đồng")]
    [InlineData(1_000_000_000_005, "Một nghìn tỷ không trăm linh năm đồng")]
    [InlineData(1_000_000_000_000_000, "Một triệu tỷ đồng")]
    [InlineData(999_999_999_999_999,
        "Chín trăm chín mươi chín nghìn chín trăm chín mươi chín tỷ chín trăm chín mươi chín triệu chín trăm chín mươi chín nghìn chín trăm chín mươi chín đồng")]
    [InlineData(long.MaxValue,
        "Chín tỷ hai trăm hai mươi ba triệu ba trăm bảy mươi hai nghìn không trăm ba mươi sáu tỷ tám trăm năm mươi bốn triệu bảy trăm bảy mươi lăm nghìn tám trăm linh bảy đồng")]
    public void Vnd_reads_tỷ_and_counts_of_tỷ(long amount, string expected)
    {
        Assert.Equal(expected, AmountInWords.Vnd(amount));
    }

    [Theory]
    [InlineData(-1)]
    [InlineData(long.MinValue)]
    public void Vnd_refuses_a_negative_amount(long amount)
    {
        Assert.Throws<ArgumentOutOfRangeException>(() => AmountInWords.Vnd(amount));
    }
}
