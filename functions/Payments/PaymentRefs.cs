// The gateway reference of a checkout attempt, vnp_TxnRef = {paymentId}-nn with paymentId = {dossierId}-TTnn: a callback's
// reference names the partition it settles in (decision 0011).
using System.Globalization;
using System.Text.RegularExpressions;
using MotCua.Vietnam;

namespace MotCua.Payments;

internal static partial class PaymentRefs
{
    public static string TxnRef(string paymentId, int attempt) => string.Create(CultureInfo.InvariantCulture, $"{paymentId}-{attempt:D2}");

    /// <summary>The dossier a payment id belongs to, or null when it is not a payment id.</summary>
    public static string? DossierOfPayment(string? paymentId) =>
        paymentId is { Length: <= 64 } && PaymentId().Match(paymentId) is { Success: true } match && DossierId.IsWellFormed(match.Groups[1].Value)
            ? match.Groups[1].Value
            : null;

    /// <summary>The dossier and payment an attempt's reference names, or null when it is not one of ours.</summary>
    public static (string DossierId, string PaymentId)? Parse(string? txnRef)
    {
        if (txnRef is not { Length: <= 64 } || TxnRefPattern().Match(txnRef) is not { Success: true } match)
        {
            return null;
        }

        var paymentId = match.Groups[1].Value;
        return DossierOfPayment(paymentId) is { } dossierId ? (dossierId, paymentId) : null;
    }

    [GeneratedRegex("^(.+)-TT[0-9]{2}$", RegexOptions.CultureInvariant)]
    private static partial Regex PaymentId();

    [GeneratedRegex("^(.+-TT[0-9]{2})-[0-9]{2}$", RegexOptions.CultureInvariant)]
    private static partial Regex TxnRefPattern();
}
