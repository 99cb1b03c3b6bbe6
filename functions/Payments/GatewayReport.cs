// What the gateway says about one checkout attempt, from an IPN or a querydr answer, in the portal's terms.
using System.Globalization;
using MotCua.Vietnam;

namespace MotCua.Payments;

internal enum GatewayOutcome
{
    /// <summary>The money was taken: <c>vnp_ResponseCode</c> and <c>vnp_TransactionStatus</c> both <c>00</c>.</summary>
    Paid,

    /// <summary>The citizen cancelled or the bank refused; the citizen may check out again.</summary>
    Failed,

    /// <summary>Past its expiry, the gateway knows no payment of it (querydr): nothing can be paid on it any more.</summary>
    Expired,
}

/// <param name="AmountTimes100">The amount as the gateway states it (VND × 100).</param>
/// <param name="Source"><c>ipn</c> or <c>querydr</c>: where the report came from.</param>
/// <param name="Raw">The callback or answer exactly as received, kept with the payment.</param>
internal sealed record GatewayReport(string TxnRef, GatewayOutcome Outcome, long? AmountTimes100, string? TransactionNo, string? BankCode,
    DateTimeOffset? PaidAt, string Source, string Raw)
{
    public const string Ipn = "ipn";
    public const string QueryDr = "querydr";

    /// <summary>The protocol's times: yyyyMMddHHmmss in Vietnam time.</summary>
    public const string TimeFormat = "yyyyMMddHHmmss";

    /// <summary>Whether the gateway states another amount than <paramref name="amountVnd"/>; a payment must state one.</summary>
    public bool AmountDiffersFrom(long amountVnd) => AmountTimes100 is { } stated ? stated != amountVnd * 100 : Outcome == GatewayOutcome.Paid;

    public static string Format(DateTimeOffset instant) => VietnamTime.Of(instant).ToString(TimeFormat, CultureInfo.InvariantCulture);

    public static DateTimeOffset? ParseTime(string? text) =>
        DateTime.TryParseExact(text, TimeFormat, CultureInfo.InvariantCulture, DateTimeStyles.None, out var local)
            ? new DateTimeOffset(local, VietnamTime.Zone.GetUtcOffset(local))
            : null;

    /// <summary>The gateway's transaction number, or null when it names none (empty, or VNPay's "0" for a cancelled payment).</summary>
    public static string? TransactionNoOf(string? text) => text is { Length: > 0 } and not "0" ? text : null;

    public static long? ParseAmount(string? text) =>
        long.TryParse(text, NumberStyles.None, CultureInfo.InvariantCulture, out var amount) ? amount : null;
}
