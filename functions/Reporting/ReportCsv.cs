// The daily report as CSV for spreadsheets: one row per procedure, one per agency, then the day's total.
using System.Globalization;
using System.Text;

namespace MotCua.Reporting;

internal static class ReportCsv
{
    public const string Header = "date,scope,code,name,received,forwarded,processed,onTime,late";

    public static byte[] Write(DailyReportDocument report)
    {
        var date = ReportStore.Key(report.Date);
        var csv = new StringBuilder(Header).Append("\r\n");
        foreach (var p in report.ByProcedure)
        {
            Row(csv, date, "procedure", p.ProcedureCode, p.ProcedureName, p.Received, p.Forwarded, p.Processed, p.OnTime, p.Late);
        }

        foreach (var a in report.ByAgency)
        {
            Row(csv, date, "agency", a.AgencyId, a.AgencyName, a.Received, a.Forwarded, a.Processed, a.OnTime, a.Late);
        }

        var t = report.Dossiers;
        Row(csv, date, "total", "", "Tổng cộng", t.Received, t.Forwarded, t.Processed, t.OnTime, t.Late);
        // The byte-order mark is what makes Excel, which ops open these in, read the file as UTF-8 and keep the diacritics.
        return [.. Encoding.UTF8.Preamble, .. Encoding.UTF8.GetBytes(csv.ToString())];
    }

    private static void Row(StringBuilder csv, string date, string scope, string code, string name, params int[] figures) =>
        csv.AppendJoin(',', [date, scope, Field(code), Field(name), .. figures.Select(f => f.ToString(CultureInfo.InvariantCulture))]).Append("\r\n");

    /// <summary>RFC 4180: a field with a comma, quote or line break is quoted, its quotes doubled.</summary>
    private static string Field(string value) =>
        value.AsSpan().IndexOfAny(",\"\r\n") < 0 ? value : $"\"{value.Replace("\"", "\"\"", StringComparison.Ordinal)}\"";
}
