// Fees collected, kept as counters (all time and per Vietnam day) by procedure and by the agency they were collected for, so the
// daily report and the live stats read them without reading payments.
using MotCua.Storage;

namespace MotCua.Payments;

internal static class FeeCounters
{
    public const string Total = "fees.total";
    public const string ProcedurePrefix = "fees.procedure.";
    public const string AgencyPrefix = "fees.agency.";

    /// <summary>Money collected (positive) or refunded (negative) for a dossier of <paramref name="procedureCode"/> at <paramref name="agencyId"/>.</summary>
    public static Task AddAsync(Counters counters, string procedureCode, string agencyId, long amountVnd, CancellationToken cancellationToken) =>
        Task.WhenAll(
            counters.AddAsync(Total, amountVnd, cancellationToken),
            counters.AddAsync(ProcedurePrefix + procedureCode, amountVnd, cancellationToken),
            counters.AddAsync(AgencyPrefix + agencyId, amountVnd, cancellationToken));
}
