// Where daily reports are kept: the report as published (JSON and CSV blobs, which GET returns byte for byte)
// and one table row per day with the headline figures, so the 30-day chart is one range query in one partition.
using System.Globalization;
using System.Text.Json;
using Azure;
using Azure.Data.Tables;
using Azure.Storage.Blobs;
using Azure.Storage.Blobs.Models;
using Microsoft.AspNetCore.Http.Json;
using Microsoft.Extensions.Options;
using MotCua.Storage;

namespace MotCua.Reporting;

/// <summary>The figures the chart plots; the full report is in the blobs.</summary>
internal sealed class DailyReportRow : TableRow
{
    public const string Partition = "daily";

    public int Received { get; set; }

    public int Processed { get; set; }

    public int OnTime { get; set; }

    public int Late { get; set; }
}

internal sealed record ReportFormat(string Extension, string ContentType)
{
    public static readonly ReportFormat Json = new("json", "application/json; charset=utf-8");
    public static readonly ReportFormat Csv = new("csv", "text/csv; charset=utf-8");
}

internal sealed class ReportStore(TableServiceClient tables, BlobServiceClient blobs, IOptions<JsonOptions> json)
{
    public const string DateFormat = "yyyy-MM-dd";

    private readonly TableClient _table = tables.GetTableClient(StorageNames.ReportsTable);
    private readonly BlobContainerClient _container = blobs.GetBlobContainerClient(StorageNames.ReportsContainer);

    public static bool TryParseDate(string? text, out DateOnly day) =>
        DateOnly.TryParseExact(text, DateFormat, CultureInfo.InvariantCulture, DateTimeStyles.None, out day);

    public static string Key(DateOnly day) => day.ToString(DateFormat, CultureInfo.InvariantCulture);

    /// <summary>Writes the day's report, replacing any earlier run's; the row last, so the chart lists a day only once its report can be read.</summary>
    public async Task SaveAsync(DailyReportDocument report, CancellationToken cancellationToken)
    {
        // The app's own JSON settings (camelCase, Vietnamese unescaped), so the stored report reads like every other answer.
        await Task.WhenAll(
            UploadAsync(report.Date, ReportFormat.Json, JsonSerializer.SerializeToUtf8Bytes(report, json.Value.SerializerOptions), cancellationToken),
            UploadAsync(report.Date, ReportFormat.Csv, ReportCsv.Write(report), cancellationToken));
        var dossiers = report.Dossiers;
        await _table.UpsertEntityAsync(new DailyReportRow
        {
            PartitionKey = DailyReportRow.Partition,
            RowKey = Key(report.Date),
            Received = dossiers.Received,
            Processed = dossiers.Processed,
            OnTime = dossiers.OnTime,
            Late = dossiers.Late,
        }, TableUpdateMode.Replace, cancellationToken);
    }

    /// <summary>The stored report in <paramref name="format"/>, or null when that day has none.</summary>
    public async Task<BinaryData?> ReadAsync(DateOnly day, ReportFormat format, CancellationToken cancellationToken)
    {
        try
        {
            return (await Blob(day, format).DownloadContentAsync(cancellationToken)).Value.Content;
        }
        catch (RequestFailedException ex) when (ex.Status == StatusCodes.Status404NotFound)
        {
            return null;
        }
    }

    /// <summary>The days from <paramref name="from"/> to <paramref name="to"/> (inclusive) that have a report, in date order.</summary>
    public async Task<List<ReportSummary>> ListAsync(DateOnly from, DateOnly to, CancellationToken cancellationToken)
    {
        var (first, last) = (Key(from), Key(to));
        var days = new List<ReportSummary>();
        await foreach (var row in _table.QueryAsync<DailyReportRow>(
                           r => r.PartitionKey == DailyReportRow.Partition && r.RowKey.CompareTo(first) >= 0 && r.RowKey.CompareTo(last) <= 0,
                           cancellationToken: cancellationToken))
        {
            days.Add(new ReportSummary(DateOnly.ParseExact(row.RowKey, DateFormat, CultureInfo.InvariantCulture),
                row.Received, row.Processed, row.OnTime, row.Late, ReportBuilder.OnTimeRate(row.OnTime, row.Processed)));
        }

        return days;
    }

    private BlobClient Blob(DateOnly day, ReportFormat format) => _container.GetBlobClient($"{Key(day)}.{format.Extension}");

    private async Task UploadAsync(DateOnly day, ReportFormat format, byte[] content, CancellationToken cancellationToken) =>
        await Blob(day, format).UploadAsync(BinaryData.FromBytes(content),
            new BlobUploadOptions { HttpHeaders = new BlobHttpHeaders { ContentType = format.ContentType } }, cancellationToken);
}
