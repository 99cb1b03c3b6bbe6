// GET /api/ops/payments?state=pending|paid|failed|expired|refunded|mismatch&date=yyyy-MM-dd: the payments that entered that state
// on that Vietnam day (default today), from one index partition.
using System.Globalization;
using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.Azure.Functions.Worker;
using MotCua.Hosting;
using MotCua.Storage;
using MotCua.Vietnam;

namespace MotCua.Payments;

internal sealed record PaymentListItem(string PaymentId, string DossierId, string ProcedureCode, string? AgencyId, long AmountVnd, string Reason,
    string State, string StateLabel, DateTimeOffset StatusAt, DateTimeOffset? PaidAt, string? GatewayTransactionNo, string? Mismatch);

internal sealed record PaymentList(string State, string Date, long TotalVnd, IReadOnlyList<PaymentListItem> Items);

internal sealed class ListPayments(PaymentIndex index, TimeProvider clock)
{
    /// <summary>The most payments one answer lists; a day with more is a day to read in CSV from storage.</summary>
    public const int Limit = 1000;

    private static readonly string[] States =
        [PaymentStates.Pending, PaymentStates.Paid, PaymentStates.Failed, PaymentStates.Expired, PaymentStates.Refunded, PaymentIndex.Mismatch];

    [Function(nameof(ListPayments))]
    public async Task<Results<Ok<PaymentList>, ValidationProblem>> Run(
        [HttpTrigger(AuthorizationLevel.Function, "get", Route = "ops/payments")] HttpRequest request, CancellationToken cancellationToken)
    {
        string state = request.Query["state"].ToString();
        if (!States.Contains(state))
        {
            return Problems.Invalid("state", $"Trạng thái phải là một trong: {string.Join(", ", States)}.");
        }

        string date = request.Query["date"].ToString();
        var day = Indexes.VietnamDay(clock.GetUtcNow());
        if (date.Length > 0 && !DateOnly.TryParseExact(date, "yyyy-MM-dd", CultureInfo.InvariantCulture, DateTimeStyles.None, out day))
        {
            return Problems.Invalid("date", "Ngày phải có dạng yyyy-MM-dd.");
        }

        var items = new List<PaymentListItem>();
        await foreach (var row in index.Table.QueryAsync<PaymentIndexRow>(
            r => r.PartitionKey == PaymentIndex.DayPartition(day) && r.State == state, maxPerPage: Limit, cancellationToken: cancellationToken))
        {
            items.Add(new PaymentListItem(row.RowKey, row.DossierId, row.ProcedureCode, row.AgencyId, row.AmountVnd, row.Reason, row.State,
                row.State == PaymentIndex.Mismatch ? "Sai lệch" : PaymentStates.Label(row.State), VietnamTime.Of(row.StatusAt),
                row.PaidAt is { } paidAt ? VietnamTime.Of(paidAt) : null, row.GatewayTransactionNo, row.Mismatch));
            if (items.Count == Limit)
            {
                break;
            }
        }

        return TypedResults.Ok(new PaymentList(state, day.ToString("yyyy-MM-dd", CultureInfo.InvariantCulture), items.Sum(i => i.AmountVnd),
            [.. items.OrderByDescending(i => i.StatusAt)]));
    }
}
