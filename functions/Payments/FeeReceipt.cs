namespace MotCua.Payments;

/// <summary>What an electronic fee receipt (biên lai điện tử) shows; <see cref="ReceiptPdf"/> lays it out.</summary>
/// <param name="PayerIdMasked">The payer's identity number masked (<c>0010******45</c>), or a business's tax code.</param>
/// <param name="PaidAt">The instant the gateway settled the payment; the receipt shows it in Vietnam time.</param>
/// <param name="CollectedFor">The agency, or agencies, the fee is collected for.</param>
internal sealed record FeeReceipt(
    string PortalName,
    string ReceiptNo,
    string DossierId,
    string ProcedureName,
    string PayerName,
    string PayerIdMasked,
    string Reason,
    long AmountVnd,
    string GatewayTransactionNo,
    string BankCode,
    DateTimeOffset PaidAt,
    string CollectedFor);
