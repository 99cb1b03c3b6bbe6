// POST /api/dossiers: read and check everything first, then store files, announce the webhooks in the
// outbox, write the dossier's partition in one transaction, enqueue, and answer 201.
using System.Diagnostics;
using System.Text.Json;
using Azure;
using Azure.Data.Tables;
using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.Extensions.Options;
using Microsoft.Azure.Functions.Worker;
using MotCua.Accounts;
using MotCua.Catalog;
using MotCua.Documents;
using MotCua.Hosting;
using MotCua.Status;
using MotCua.Storage;
using MotCua.Vietnam;
using MotCua.Webhooks;

namespace MotCua.Submission;

internal sealed record DeliverySummary(string AgencyId, string Status);

internal sealed record PaymentSummary(string Id, long AmountVnd, string Reason, string Status)
{
    public static PaymentSummary Of(PaymentRow payment) => new(payment.PaymentId, payment.AmountVnd, payment.Reason, payment.Status);
}

/// <summary>A dossier submitted signed in: whose it is, and the documents of the account's store it reuses, by procedure document key.</summary>
internal sealed record AccountSubmission(SignedIn Who, IReadOnlyDictionary<string, DocumentRow> Reused);

internal sealed record SubmissionReceipt(string Id, string AccessKey, string Status, DateTimeOffset SubmittedAt, DateTimeOffset DueAt,
    IReadOnlyList<DeliverySummary> Deliveries, IReadOnlyList<PaymentSummary> Payments);

internal sealed class SubmitDossier(
    ProcedureCatalog catalog,
    IdempotencyKeys idempotency,
    WorkingDays workingDays,
    Outbox outbox,
    Indexes indexes,
    Counters counters,
    TableServiceClient tables,
    AttachmentStore attachments,
    AccountStore accounts,
    AccountDossiers accountDossiers,
    TimeProvider clock,
    IOptions<UploadLimits> limits,
    ILogger<SubmitDossier> logger)
{
    public const string IdempotencyHeader = "Idempotency-Key";

    [Function(nameof(SubmitDossier))]
    public async Task<Results<Created<SubmissionReceipt>, ValidationProblem, ProblemHttpResult>> Run(
        [HttpTrigger(AuthorizationLevel.Anonymous, "post", Route = "dossiers")] HttpRequest request, CancellationToken cancellationToken)
    {
        var key = request.Headers[IdempotencyHeader].ToString();
        if (key.Length > 0 && !IdempotencyKeys.IsWellFormed(key))
        {
            return Problems.Invalid(IdempotencyHeader, "Idempotency-Key phải gồm 1–255 ký tự ASCII in được.");
        }

        var (upload, refusal) = await DossierUploadReader.ReadAsync(request, limits.Value, allowJson: true, DossierUploadReader.DossierPart, cancellationToken);
        if (upload is null)
        {
            return refusal!.ToProblem();
        }

        await using (upload)
        {
            return new DossierValidation(catalog, Indexes.VietnamDay(clock.GetUtcNow())).Check(upload.DossierJson, upload.Files) switch
            {
                Checked<ValidDossier>.Passed(var dossier) => await OfAccountAsync(SignedIn.Of(request), dossier, cancellationToken) switch
                {
                    Checked<AccountSubmission?>.Passed(var account) => await AcceptAsync(key, upload, dossier, account, cancellationToken),
                    Checked<AccountSubmission?>.Invalid(var invalid) => invalid,
                    Checked<AccountSubmission?>.Refused(var refused) => refused,
                    _ => throw new UnreachableException(),
                },
                Checked<ValidDossier>.Invalid(var invalid) => invalid,
                Checked<ValidDossier>.Refused(var refused) => refused,
                _ => throw new UnreachableException(),
            };
        }
    }

    /// <summary>
    /// Who submits: anonymous (no reuse then), or the signed-in account, whose identity number or tax code the applicant's must be
    /// (else 403), with the documents it reuses found in its own store and of a type their document accepts (else 400).
    /// </summary>
    private async Task<Checked<AccountSubmission?>> OfAccountAsync(SignedIn? who, ValidDossier dossier, CancellationToken cancellationToken)
    {
        if (who is null)
        {
            return dossier.Reuse.Count == 0
                ? new Checked<AccountSubmission?>.Passed(null)
                : Problems.Status(StatusCodes.Status401Unauthorized, "Cần đăng nhập để dùng giấy tờ trong kho dữ liệu của bạn.");
        }

        if (dossier.Applicant.Kind != who.Kind || (dossier.Applicant.IdNumber ?? dossier.Applicant.TaxCode) != who.Identifier)
        {
            return Problems.Status(StatusCodes.Status403Forbidden,
                "Người nộp hồ sơ phải là chủ tài khoản đang đăng nhập: số định danh hoặc mã số thuế không khớp với tài khoản.");
        }

        var reads = dossier.Reuse.Select(async reuse => (reuse.Key, Found: await accounts.Table.GetEntityIfExistsAsync<DocumentRow>(who.AccountId,
            DocumentRow.KeyFor(reuse.Value), cancellationToken: cancellationToken)));
        var reused = new Dictionary<string, DocumentRow>(StringComparer.Ordinal);
        var errors = new Dictionary<string, string[]>(StringComparer.Ordinal);
        foreach (var (documentKey, found) in await Task.WhenAll(reads))
        {
            if (!found.HasValue || found.Value is not { } document)
            {
                errors[$"reuse.{documentKey}"] = ["Không có giấy tờ này trong kho dữ liệu của bạn."];
            }
            else if (!dossier.Procedure.Documents.Single(d => d.Key == documentKey).Accept.Contains(document.ContentType, StringComparer.Ordinal))
            {
                errors[$"reuse.{documentKey}"] = ["Loại giấy tờ này không được chấp nhận cho mục này."];
            }
            else
            {
                reused[documentKey] = document;
            }
        }

        return errors.Count > 0
            ? TypedResults.ValidationProblem(errors, title: "Dữ liệu không hợp lệ")
            : new Checked<AccountSubmission?>.Passed(new AccountSubmission(who, reused));
    }

    /// <summary>
    /// A valid dossier stored and its receipt; with an Idempotency-Key, only once for the key: the same body again answers
    /// the first receipt, another body (or the first still in progress) is refused.
    /// </summary>
    private async Task<Results<Created<SubmissionReceipt>, ValidationProblem, ProblemHttpResult>> AcceptAsync(string key, DossierUpload upload,
        ValidDossier dossier, AccountSubmission? account, CancellationToken cancellationToken)
    {
        if (key.Length == 0)
        {
            return Created(await StoreNewAsync(DossierId.New(), null, dossier, account, cancellationToken));
        }

        return await idempotency.ClaimAsync(key, upload.Fingerprint(), DossierId.New(), cancellationToken) switch
        {
            IdempotencyClaim.Refused refused => refused.Problem,
            IdempotencyClaim.Replay replay => Created(JsonSerializer.Deserialize<SubmissionReceipt>(replay.Response, JsonSerializerOptions.Web)!),
            IdempotencyClaim.Proceed proceed => Created(await ProceedAsync(key, proceed, dossier, account, cancellationToken)),
            _ => throw new UnreachableException(),
        };
    }

    /// <summary>Stores the dossier under the claim (or finds it stored by the interrupted try it takes over) and completes the claim.</summary>
    private async Task<SubmissionReceipt> ProceedAsync(string key, IdempotencyClaim.Proceed claim, ValidDossier dossier, AccountSubmission? account,
        CancellationToken cancellationToken)
    {
        var keyHash = claim.Row.PartitionKey;
        var receipt = (claim.TakenOver ? await ResumeAsync(claim.DossierId, keyHash, cancellationToken) : null)
                      ?? await StoreNewAsync(claim.DossierId, keyHash, dossier, account, cancellationToken);
        await idempotency.CompleteAsync(key, claim.Row, receipt.Id, JsonSerializer.Serialize(receipt, JsonSerializerOptions.Web), cancellationToken);
        return receipt;
    }

    private static Created<SubmissionReceipt> Created(SubmissionReceipt receipt) => TypedResults.Created($"/api/dossiers/{receipt.Id}", receipt);

    /// <summary>
    /// Ids are random, so one can (very rarely) be taken already: the transaction then fails on the existing row and
    /// the dossier is stored under a fresh id. Files and outbox entries of the failed try are orphans nobody references.
    /// </summary>
    private async Task<SubmissionReceipt> StoreNewAsync(string dossierId, string? idempotencyKeyHash, ValidDossier dossier, AccountSubmission? account,
        CancellationToken cancellationToken)
    {
        for (var attempt = 1; ; attempt++)
        {
            try
            {
                return await StoreAsync(dossierId, idempotencyKeyHash, dossier, account, cancellationToken);
            }
            catch (TableTransactionFailedException ex) when (ex.Status == 409 && attempt < 3)
            {
                logger.LogWarning("Dossier id {DossierId} was taken; storing under a new id", dossierId);
                dossierId = DossierId.New();
            }
        }
    }

    private async Task<SubmissionReceipt> StoreAsync(string dossierId, string? idempotencyKeyHash, ValidDossier dossier, AccountSubmission? account,
        CancellationToken cancellationToken)
    {
        Activity.Current?.SetTag(Telemetry.DossierTag, dossierId);
        var now = clock.GetUtcNow();
        var accessKey = AccessKey.New();
        var uploaded = await Task.WhenAll(dossier.Files.Select(file => attachments.AddAttachmentAsync(dossierId, file, now, cancellationToken)));
        var (row, deliveries) = NewRows(dossierId, dossier, now, workingDays.DueAt(now, dossier.Procedure.ProcessingDays), AccessKey.Hash(accessKey),
            idempotencyKeyHash);
        var (files, consents) = account is null ? (uploaded, []) : OfAccount(account, row, uploaded, deliveries, now);
        // A fee due first: the dossier waits for it with one pending payment, and is announced to the agencies when it is paid (its
        // processing time, and so its due time, then start again from the payment).
        var fee = dossier.Procedure.FeeDueOnSubmission
            ? PaymentRow.New(dossierId, 1, dossier.Procedure.FeeVnd, PaymentRow.FeeReason, agencyId: null, now)
            : null;
        var attachmentData = WebhookPayloads.AttachmentData(files)?.ToJsonString();
        var events = fee is not null
            ? []
            : deliveries.Select(d => Outbox.NewEvent(dossierId, WebhookEvents.DossierSubmitted, d.AgencyId, now, attachmentData)).ToList();
        var history = HistoryRow.Of(dossierId, now, deliveries[0].Status, agencyId: null);
        DossierPartitionRow[] rows = fee is null ? [row, history] : [row, history, fee];

        await outbox.CommitAsync(dossierId,
            rows.Concat(deliveries).Concat(files).Concat(consents).Select(entity => new TableTransactionAction(TableTransactionActionType.Add, entity)),
            events, Notifications(row, fee, accessKey, now), cancellationToken);
        await Task.WhenAll(indexes.DossierReceivedAsync(row, deliveries, processingStarts: fee is null, cancellationToken),
            counters.MoveAsync(null, deliveries[0].Status, deliveries.Count, cancellationToken),
            RecordInAccountAsync(account, DossierPartition.Of(dossierId, [.. rows, .. deliveries, .. files]), uploaded, cancellationToken));
        logger.LogInformation("Received {DossierId} for {ProcedureCode}: {Deliveries} deliveries, {Files} files, {Status}",
            dossierId, row.ProcedureCode, deliveries.Count, files.Length, deliveries[0].Status);
        return Receipt(row, accessKey, deliveries, fee is null ? [] : [fee]);
    }

    /// <summary>
    /// What the applicant is told of a new dossier: the receipt, whose tracking link carries the access key (it exists only in this
    /// response, so the receipt's row keeps it until it is sent); and a fee due before anything is forwarded.
    /// </summary>
    private static NotificationRow[] Notifications(DossierRow row, PaymentRow? fee, string accessKey, DateTimeOffset now) =>
    [
        .. new[]
        {
            NotificationRow.For(row, NotificationEvents.Received, occurrence: null, agencyId: null, now, accessKey),
            fee is null ? null : NotificationRow.For(row, NotificationEvents.FeeDue, fee.PaymentId, agencyId: null, now),
        }.OfType<NotificationRow>(),
    ];

    /// <summary>
    /// A dossier of an account: it belongs to the account; each uploaded file becomes a document of the account's store; each reused
    /// document is a file of the dossier pointing at the stored one; and for each document the citizen's consent that the dossier's
    /// agencies read it for this dossier.
    /// </summary>
    private static (FileRow[] Files, ConsentRow[] Consents) OfAccount(AccountSubmission account, DossierRow row, FileRow[] uploaded,
        List<DeliveryRow> deliveries, DateTimeOffset now)
    {
        row.AccountId = account.Who.AccountId;
        foreach (var file in uploaded)
        {
            file.DocumentId = DocumentRow.IdOf(row.PartitionKey, file.FileId);
        }

        FileRow[] files = [.. uploaded, .. account.Reused.Select(reuse => ReusedFile(row.PartitionKey, reuse.Key, reuse.Value, now))];
        var agencies = string.Join(',', deliveries.Select(d => d.AgencyId));
        return (files, [.. files.Select(file => new ConsentRow
        {
            PartitionKey = row.PartitionKey,
            RowKey = ConsentRow.KeyFor(file.DocumentId!),
            AccountId = account.Who.AccountId,
            DocumentId = file.DocumentId!,
            AgencyIds = agencies,
            GivenAt = now,
        })]);
    }

    /// <summary>A file of the dossier that is a document of the account's store: the same blob, not a copy.</summary>
    private static FileRow ReusedFile(string dossierId, string documentKey, DocumentRow document, DateTimeOffset now)
    {
        var fileId = AttachmentStore.NewFileId();
        return new FileRow
        {
            PartitionKey = dossierId,
            RowKey = FileRow.AttachmentPrefix + fileId,
            FileId = fileId,
            Source = documentKey,
            FileName = document.FileName,
            ContentType = document.ContentType,
            Size = document.Size,
            Sha256 = document.Sha256,
            Container = document.Container,
            BlobName = document.BlobName,
            AddedAt = now,
            DocumentId = document.DocumentId,
        };
    }

    /// <summary>The account's side of a dossier submitted signed in: the account (opened if this is its first call), the dossier in its list, and its uploads in its store.</summary>
    private async Task RecordInAccountAsync(AccountSubmission? account, DossierPartition partition, FileRow[] uploaded, CancellationToken cancellationToken)
    {
        if (account is not null)
        {
            await accounts.EnsureAsync(account.Who, cancellationToken);
            await accountDossiers.RefreshAsync(partition,
                [.. uploaded.Select(file => DocumentRow.Of(account.Who.AccountId, file, partition.Dossier!.ProcedureName))], cancellationToken);
        }
    }

    /// <summary>
    /// The rows a new dossier starts with: the dossier (the applicant's identifier masked) and one delivery per agency,
    /// received (or awaiting the fee), numbered <c>{dossierId}-01</c>, <c>-02</c>… in the order the agencies were chosen.
    /// </summary>
    internal static (DossierRow Dossier, List<DeliveryRow> Deliveries) NewRows(string dossierId, ValidDossier dossier, DateTimeOffset now,
        DateTimeOffset dueAt, string accessKeyHash, string? idempotencyKeyHash)
    {
        var applicant = dossier.Applicant;
        var row = new DossierRow
        {
            PartitionKey = dossierId,
            RowKey = DossierRow.Key,
            ProcedureCode = dossier.Procedure.Code,
            ProcedureName = dossier.Procedure.Name,
            SubmittedAt = now,
            DueAt = dueAt,
            AccessKeyHash = accessKeyHash,
            IdempotencyKeyHash = idempotencyKeyHash,
            ApplicantFullName = applicant.FullName,
            ApplicantIdMasked = Identifiers.Mask(applicant.IdNumber ?? applicant.TaxCode!),
            ApplicantJson = JsonSerializer.Serialize(applicant, JsonSerializerOptions.Web),
            FieldsJson = JsonSerializer.Serialize(dossier.Fields, JsonSerializerOptions.Web),
            Notify = dossier.Notify,
        };
        var deliveries = dossier.Agencies.Select((agency, i) => new DeliveryRow
        {
            PartitionKey = dossierId,
            RowKey = DeliveryRow.KeyFor(agency.Id),
            DeliveryId = $"{dossierId}-{i + 1:D2}",
            AgencyId = agency.Id,
            Status = DossierStatus.OnSubmission(dossier.Procedure.FeeDueOnSubmission),
            UpdatedAt = now,
        }).ToList();
        return (row, deliveries);
    }

    /// <summary>
    /// A retry that takes over an interrupted claim: if the dossier was written before the interruption, the
    /// first response never reached the citizen, so issue a fresh access key for it instead of a second dossier.
    /// </summary>
    private async Task<SubmissionReceipt?> ResumeAsync(string dossierId, string idempotencyKeyHash, CancellationToken cancellationToken)
    {
        var table = tables.GetTableClient(StorageNames.DossiersTable);
        var existing = await table.GetEntityIfExistsAsync<DossierRow>(dossierId, DossierRow.Key, cancellationToken: cancellationToken);
        if (!existing.HasValue || existing.Value!.IdempotencyKeyHash != idempotencyKeyHash)
        {
            // Not written before the interruption, or (a collision) someone else's dossier: store ours afresh.
            return null;
        }

        var row = existing.Value!;
        var accessKey = AccessKey.New();
        row.AccessKeyHash = AccessKey.Hash(accessKey);
        // Whatever the row's ETag: forwarding stamps the row as it moves the dossier along (DossierPartition.Touch).
        await table.UpdateEntityAsync(new TableEntity(dossierId, DossierRow.Key) { [nameof(DossierRow.AccessKeyHash)] = row.AccessKeyHash },
            ETag.All, TableUpdateMode.Merge, cancellationToken);
        var partition = await DossierPartition.LoadAsync(table, dossierId, cancellationToken);
        return Receipt(row, accessKey, partition.Deliveries, partition.Payments);
    }

    private static SubmissionReceipt Receipt(DossierRow row, string accessKey, IReadOnlyList<DeliveryRow> deliveries,
        IReadOnlyList<PaymentRow> payments) => new(
        row.PartitionKey, accessKey, DossierStatus.Of(deliveries.Select(d => d.Status)),
        VietnamTime.Of(row.SubmittedAt), VietnamTime.Of(row.DueAt),
        [.. deliveries.Select(d => new DeliverySummary(d.AgencyId, d.Status))], [.. payments.Select(PaymentSummary.Of)]);
}
