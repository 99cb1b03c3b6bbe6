// Amounts in Vietnamese words, as receipts and accountants read them: a group after a higher one reads its hundreds
// ("một triệu không trăm linh năm"), a lone unit after hundreds takes "linh", 1 after twenty or more is "mốt", 5 after
// ten or more is "lăm".
namespace MotCua.Vietnam;

internal static class AmountInWords
{
    private const long Billion = 1_000_000_000;

    private static readonly string[] Digits = ["không", "một", "hai", "ba", "bốn", "năm", "sáu", "bảy", "tám", "chín"];

    /// <summary>The groups of three digits below a tỷ, highest first. A count of tỷ is read the same way ("một nghìn tỷ").</summary>
    private static readonly (long Size, string? Name)[] Groups = [(1_000_000, "triệu"), (1_000, "nghìn"), (1, null)];

    /// <summary>135000 → "Một trăm ba mươi lăm nghìn đồng".</summary>
    public static string Vnd(long amount)
    {
        ArgumentOutOfRangeException.ThrowIfNegative(amount);
        var text = string.Join(' ', amount == 0 ? [Digits[0]] : Number(amount)) + " đồng";
        return char.ToUpperInvariant(text[0]) + text[1..];
    }

    private static List<string> Number(long number)
    {
        var words = new List<string>();
        if (number >= Billion)
        {
            words.AddRange(Number(number / Billion));
            words.Add("tỷ");
        }

        var afterHigher = number >= Billion;
        foreach (var (size, name) in Groups)
        {
            var group = (int)(number % Billion / size % 1000);
            if (group == 0)
            {
                continue;
            }

            words.AddRange(Group(group, afterHigher));
            if (name is not null)
            {
                words.Add(name);
            }

            afterHigher = true;
        }

        return words;
    }

    /// <summary>One group of three digits (1–999); after a higher group its hundreds are read even when zero.</summary>
    private static IEnumerable<string> Group(int group, bool afterHigher)
    {
        int hundreds = group / 100, tens = group / 10 % 10, units = group % 10;
        var readsHundreds = hundreds > 0 || afterHigher;
        if (readsHundreds)
        {
            yield return Digits[hundreds];
            yield return "trăm";
        }

        if (tens == 1)
        {
            yield return "mười";
        }
        else if (tens > 1)
        {
            yield return Digits[tens];
            yield return "mươi";
        }
        else if (units > 0 && readsHundreds)
        {
            yield return "linh";
        }

        if (units > 0)
        {
            yield return (units, tens) switch
            {
                (1, >= 2) => "mốt",
                (5, >= 1) => "lăm",
                _ => Digits[units],
            };
        }
    }
}
