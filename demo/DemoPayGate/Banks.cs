namespace MotCua.DemoPayGate;

/// <summary>The banks the payment page offers, by the <c>vnp_BankCode</c> VNPay gives them. None of them is called.</summary>
internal static class Banks
{
    public static readonly IReadOnlyList<(string Code, string Name)> All =
    [
        ("NCB", "NCB"),
        ("VCB", "Vietcombank"),
        ("VIETINBANK", "VietinBank"),
        ("BIDV", "BIDV"),
        ("AGRIBANK", "Agribank"),
        ("TCB", "Techcombank"),
        ("MB", "MB"),
    ];

    public static bool IsKnown(string? code) => All.Any(bank => bank.Code == code);
}
