// The agency's officer at the one-stop desk: takes each verified webhook off the inbox and answers the portal
// the way a real one-stop system would, one step per configured delay.
using System.Collections.Concurrent;
using System.Globalization;
using System.Threading.Channels;
using Microsoft.Extensions.Options;

namespace MotCua.DemoAgency;

/// <summary>A verified webhook, waiting for the clerk.</summary>
internal sealed record AgencyEvent(PlayedAgency Agency, string WebhookId, string Type, EventData Data);

internal sealed class OneStopClerk(PortalClient portal, IOptions<DemoOptions> options, TimeProvider clock, ILogger<OneStopClerk> logger)
    : BackgroundService
{
    /// <summary>Vietnam is UTC+7 all year (no daylight saving); the result document is dated in local time.</summary>
    private static readonly TimeSpan VietnamOffset = TimeSpan.FromHours(7);

    private readonly Channel<AgencyEvent> _inbox = Channel.CreateUnbounded<AgencyEvent>(new UnboundedChannelOptions { SingleReader = true });

    // Kept for the whole run: the portal may redeliver an id for up to a day, longer than a demo runs.
    private readonly ConcurrentDictionary<(string AgencyId, string WebhookId), byte> _seen = new();

    /// <summary>Queues the event for processing; false when this agency has already taken this <c>webhook-id</c>.</summary>
    public bool Accept(AgencyEvent ev) => _seen.TryAdd((ev.Agency.Id, ev.WebhookId), 0) && _inbox.Writer.TryWrite(ev);

    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        // Dossiers move in parallel, as at a real desk; on shutdown each one stops at its next step.
        var running = new List<Task>();
        try
        {
            await foreach (var ev in _inbox.Reader.ReadAllAsync(stoppingToken))
            {
                running.RemoveAll(task => task.IsCompleted);
                running.Add(HandleAsync(ev, stoppingToken));
            }
        }
        catch (OperationCanceledException) when (stoppingToken.IsCancellationRequested)
        {
            // Ctrl+C or SIGTERM.
        }

        await Task.WhenAll(running);
    }

    private async Task HandleAsync(AgencyEvent ev, CancellationToken cancellationToken)
    {
        var (agency, data) = (ev.Agency, ev.Data);
        try
        {
            switch (ev.Type)
            {
                case "dossier.submitted":
                    logger.LogInformation("{AgencyId} received dossier {DossierId} ({ProcedureCode}) with {AttachmentCount} attachments, due {DueAt}",
                        agency.Id, data.DossierId, data.ProcedureCode, data.Attachments?.Count ?? 0, data.DueAt);
                    await CheckAttachmentsAsync(agency, data, cancellationToken);
                    if (await SendStatusAsync(agency, data, "accepted", "Bộ phận một cửa đã tiếp nhận hồ sơ.", cancellationToken))
                    {
                        await ProcessAndIssueAsync(agency, data, cancellationToken);
                    }

                    break;
                case "dossier.supplemented":
                    logger.LogInformation("{AgencyId} received a supplement to dossier {DossierId} with {AttachmentCount} attachments",
                        agency.Id, data.DossierId, data.Attachments?.Count ?? 0);
                    await CheckAttachmentsAsync(agency, data, cancellationToken);
                    await ProcessAndIssueAsync(agency, data, cancellationToken);
                    break;
                case "dossier.withdrawn":
                    logger.LogInformation("{AgencyId}: the applicant withdrew dossier {DossierId}", agency.Id, data.DossierId);
                    break;
                case "dossier.overdue_reminder":
                    logger.LogInformation("{AgencyId}: the portal reminds that dossier {DossierId} was due {DueAt}", agency.Id, data.DossierId, data.DueAt);
                    break;
                case "feedback.received":
                    logger.LogInformation("{AgencyId} received feedback {FeedbackId} ({Category})", agency.Id, data.FeedbackId, data.Category);
                    await AnswerFeedbackAsync(agency, data, cancellationToken);
                    break;
                default:
                    logger.LogWarning("{AgencyId} ignored a webhook of unknown type {EventType} ({WebhookId})", agency.Id, ev.Type, ev.WebhookId);
                    break;
            }
        }
        catch (OperationCanceledException) when (cancellationToken.IsCancellationRequested)
        {
            logger.LogInformation("Stopped with {EventType} {WebhookId} for {AgencyId} unfinished", ev.Type, ev.WebhookId, agency.Id);
        }
    }

    private async Task ProcessAndIssueAsync(PlayedAgency agency, EventData data, CancellationToken cancellationToken)
    {
        if (await SendStatusAsync(agency, data, "processing", "Hồ sơ đang được thẩm định.", cancellationToken))
        {
            await IssueResultAsync(agency, data, cancellationToken);
        }
    }

    /// <summary>Downloads every attachment and compares its SHA-256 with the one the portal announced.</summary>
    private async Task CheckAttachmentsAsync(PlayedAgency agency, EventData data, CancellationToken cancellationToken)
    {
        foreach (var attachment in data.Attachments ?? [])
        {
            try
            {
                var sha256 = await portal.DownloadSha256Async(attachment.Url, cancellationToken);
                if (string.Equals(sha256, attachment.Sha256, StringComparison.OrdinalIgnoreCase))
                {
                    logger.LogInformation("{AgencyId} downloaded attachment {AttachmentId} of {DossierId} ({Size} bytes, SHA-256 matches)",
                        agency.Id, attachment.Id, data.DossierId, attachment.Size);
                }
                else
                {
                    logger.LogWarning("{AgencyId}: attachment {AttachmentId} of {DossierId} does not match its SHA-256 (expected {Expected}, got {Actual})",
                        agency.Id, attachment.Id, data.DossierId, attachment.Sha256, sha256);
                }
            }
            catch (HttpRequestException ex)
            {
                // The link carries a read token: log the attachment, never the URL.
                logger.LogWarning("{AgencyId} could not download attachment {AttachmentId} of {DossierId}: HTTP {StatusCode}",
                    agency.Id, attachment.Id, data.DossierId, (int?)ex.StatusCode);
            }
        }
    }

    private async Task<bool> SendStatusAsync(PlayedAgency agency, EventData data, string status, string note, CancellationToken cancellationToken)
    {
        await Task.Delay(options.Value.Delay, clock, cancellationToken);
        if (!await portal.SendEventAsync(agency, "dossier.status_changed", new StatusChanged(data.DossierId!, status, note), cancellationToken))
        {
            logger.LogWarning("{AgencyId} stopped processing dossier {DossierId}", agency.Id, data.DossierId);
            return false;
        }

        logger.LogInformation("{AgencyId} moved dossier {DossierId} to {Status}", agency.Id, data.DossierId, status);
        return true;
    }

    private async Task IssueResultAsync(PlayedAgency agency, EventData data, CancellationToken cancellationToken)
    {
        await Task.Delay(options.Value.Delay, clock, cancellationToken);
        var issuedAt = clock.GetUtcNow().ToOffset(VietnamOffset);
        // A supplement's webhook may not repeat the procedure; the line is left out then.
        var procedure = data.ProcedureName ?? data.ProcedureCode;
        var pdf = ResultPdf.Create(
        [
            agency.Name,
            $"Kết quả giải quyết hồ sơ {data.DossierId}",
            .. procedure is null ? Array.Empty<string>() : [$"Thủ tục: {procedure}"],
            "Ngày cấp: " + issuedAt.ToString("dd/MM/yyyy HH:mm", CultureInfo.InvariantCulture),
            "Văn bản mẫu do chương trình demo tạo ra, không có giá trị pháp lý.",
        ]);
        var result = new ResultIssued(data.DossierId!, "Đã có kết quả giải quyết hồ sơ.",
            [new ResultDocument($"ket-qua-{data.DossierId}.pdf", "application/pdf", Convert.ToBase64String(pdf))]);
        if (await portal.SendEventAsync(agency, "dossier.result_issued", result, cancellationToken))
        {
            logger.LogInformation("{AgencyId} issued the result of dossier {DossierId} ({Size} bytes PDF)", agency.Id, data.DossierId, pdf.Length);
        }
        else
        {
            logger.LogWarning("{AgencyId} could not issue the result of dossier {DossierId}", agency.Id, data.DossierId);
        }
    }

    private async Task AnswerFeedbackAsync(PlayedAgency agency, EventData data, CancellationToken cancellationToken)
    {
        if (data.FeedbackId is null)
        {
            return;
        }

        await Task.Delay(options.Value.Delay, clock, cancellationToken);
        var answer = new FeedbackAnswered(data.FeedbackId,
            "Cảm ơn Ông/Bà đã gửi phản ánh, kiến nghị. Cơ quan đã tiếp nhận, xem xét nội dung và sẽ chỉ đạo khắc phục kịp thời. Trân trọng.");
        if (await portal.SendEventAsync(agency, "feedback.answered", answer, cancellationToken))
        {
            logger.LogInformation("{AgencyId} answered feedback {FeedbackId}", agency.Id, data.FeedbackId);
        }
    }
}
