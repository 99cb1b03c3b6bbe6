namespace MotCua.Storage;

/// <summary>Every table, queue and container the app uses; created once at start-up by <see cref="StorageInitializer"/>.</summary>
public static class StorageNames
{
    /// <summary>
    /// One partition per case (PartitionKey = dossier id, or feedback id): the dossier or feedback item, its deliveries,
    /// history, files and events. Feedback, and notices to agencies (<see cref="NoticeRow"/>), share the table so they
    /// travel through the same delivery machinery.
    /// </summary>
    public const string DossiersTable = "Dossiers";

    /// <summary>Outbound events not yet attempted, sharded by dossier id; read by OutboxSweep.</summary>
    public const string OutboxTable = "Outbox";

    /// <summary>Registered agency endpoints and secrets (PartitionKey "agency").</summary>
    public const string AgenciesTable = "Agencies";

    /// <summary>Idempotency-Key records for submissions, kept 24 h.</summary>
    public const string IdempotencyTable = "Idempotency";

    /// <summary>Index partitions by due date, of overdue deliveries and of failed deliveries (see Indexes).</summary>
    public const string IndexesTable = "Indexes";

    /// <summary>
    /// A Vietnam day's activity (see Indexes), one table per day: created by the day's first row, read whole by that day's
    /// report, and dropped whole when the day leaves retention (docs/decisions/0009).
    /// </summary>
    public static string ActivityTable(DateOnly day) => string.Create(System.Globalization.CultureInfo.InvariantCulture, $"Activity{day:yyyyMMdd}");

    /// <summary>Sharded running counters: all-time totals and per-day figures (see Counters).</summary>
    public const string CountersTable = "Counters";

    /// <summary>Answered feedback whose author agreed to publish it, newest first (PartitionKey "published").</summary>
    public const string PublishedFeedbackTable = "PublishedFeedback";

    /// <summary>One row per reported Vietnam day (PartitionKey "daily", RowKey yyyy-MM-dd) with its headline figures, for the 30-day chart.</summary>
    public const string ReportsTable = "Reports";

    /// <summary>One partition per signed-in account (PartitionKey = account id): see <see cref="AccountRow"/>.</summary>
    public const string AccountsTable = "Accounts";

    /// <summary>The agencies' links to files (<see cref="FileLinkRow"/>), one partition per link.</summary>
    public const string FileLinksTable = "FileLinks";

    /// <summary>Messages naming one outbound webhook event to send; ForwardDossier listens.</summary>
    public const string DeliverQueue = "deliver";

    /// <summary>Messages naming one e-mail to an applicant (<see cref="NotifyMessage"/>); SendNotification listens.</summary>
    public const string NotifyQueue = "notify";

    public const string AttachmentsContainer = "attachments";

    public const string ResultsContainer = "results";

    /// <summary>Daily reports as published: <c>{yyyy-MM-dd}.json</c> and <c>{yyyy-MM-dd}.csv</c>.</summary>
    public const string ReportsContainer = "reports";

    public static readonly string[] Tables = [DossiersTable, OutboxTable, AgenciesTable, IdempotencyTable, CountersTable, PublishedFeedbackTable, IndexesTable, ReportsTable, AccountsTable, FileLinksTable];

    /// <summary>Where the host moves a message that failed maxDequeueCount times: <c>&lt;queue&gt;-poison</c>.</summary>
    public const string PoisonSuffix = "-poison";

    public static readonly string[] Queues = [DeliverQueue, DeliverQueue + PoisonSuffix, NotifyQueue, NotifyQueue + PoisonSuffix];

    public static readonly string[] Containers = [AttachmentsContainer, ResultsContainer, ReportsContainer];
}
