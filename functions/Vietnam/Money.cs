// Amounts of money as Vietnamese write them: whole đồng, thousands grouped with '.' (135.000 đồng).
using System.Globalization;

namespace MotCua.Vietnam;

internal static class Money
{
    private static readonly NumberFormatInfo Grouping = new() { NumberGroupSeparator = ".", NumberDecimalSeparator = "," };

    /// <summary>The amount in figures: 1500000 → "1.500.000".</summary>
    public static string Figures(long amountVnd) => amountVnd.ToString("#,0", Grouping);

    /// <summary>The amount in figures with its unit: 135000 → "135.000 đồng".</summary>
    public static string Vnd(long amountVnd) => $"{Figures(amountVnd)} đồng";
}
