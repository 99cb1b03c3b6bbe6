// The daily report as CSV for spreadsheets: one row per procedure, one per agency, then the day's total; feesVnd is what was
// collected online for each (a report stored before fees were reported has none: 0).
using System.Globalization;
using System.Text;

namespace MotCua.Reporting;

internal static class ReportCsv
{
    public const string Header = "date,scope,code,name,received,forwarded,processed,onTime,late,feesVnd";

    public static byte[] Write(DailyReportDocument report)
    {
        var date = ReportStore.Key(report.Date);
        var fees = report.Fees ?? new FeeFigures(0, [], []);
        var csv = new StringBuilder(Header).Append("\r\n");
        foreach (var p in report.ByProcedure)
        {
            var fee = fees.ByProcedure.FirstOrDefault(f => f.ProcedureCode == p.ProcedureCode)?.AmountVnd ?? 0;
            Row(csv, date, "procedure", p.ProcedureCode, p.ProcedureName, p.Received, p.Forwarded, p.Processed, p.OnTime, p.Late, fee);
        }

        foreach (var a in report.ByAgency)
        {
            var fee = fees.ByAgency.FirstOrDefault(f => f.AgencyId == a.AgencyId)?.AmountVnd ?? 0;
            Row(csv, date, "agency", a.AgencyId, a.AgencyName, a.Received, a.Forwarded, a.Processed, a.OnTime, a.Late, fee);
        }

        var t = report.Dossiers;
        Row(csv, date, "total", "", "Tổng cộng", t.Received, t.Forwarded, t.Processed, t.OnTime, t.Late, fees.TotalVnd);
        // The byte-order mark is what makes Excel, which ops open these in, read the file as UTF-8 and keep the diacritics.
        return [.. Encoding.UTF8.Preamble, .. Encoding.UTF8.GetBytes(csv.ToString())];
    }

    private static void Row(StringBuilder csv, string date, string scope, string code, string name, params long[] figures) =>
        csv.AppendJoin(',', [date, scope, Field(code), Field(name), .. figures.Select(f => f.ToString(CultureInfo.InvariantCulture))]).Append("\r\n");

    /// <summary>RFC 4180: a field with a comma, quote or line break is quoted, its quotes doubled.</summary>
    private static string Field(string value) =>
        value.AsSpan().IndexOfAny(",\"\r\n") < 0 ? value : $"\"{value.Replace("\"", "\"\"", StringComparison.Ordinal)}\"";
}
