// The delivery status state machine of API.md, and the only place that decides a move: the statuses, their Vietnamese
// labels, which moves agencies, forwarding and the citizen may make, and how a dossier's status follows from its deliveries.
using System.Collections.Frozen;
using System.Globalization;
using MotCua.Storage;

namespace MotCua.Status;

public static class DossierStatus
{
    public const string AwaitingPayment = "awaiting_payment";
    public const string Received = "received";
    public const string Forwarded = "forwarded";
    public const string Accepted = "accepted";
    public const string Processing = "processing";
    public const string SupplementRequested = "supplement_requested";
    public const string Approved = "approved";
    public const string Rejected = "rejected";
    public const string Withdrawn = "withdrawn";
    public const string DeliveryFailed = "delivery_failed";

    private static readonly FrozenDictionary<string, string> Labels = new Dictionary<string, string>
    {
        [AwaitingPayment] = "Chờ nộp lệ phí",
        [Received] = "Đã tiếp nhận",
        [Forwarded] = "Đã chuyển cơ quan xử lý",
        [Accepted] = "Cơ quan đã tiếp nhận",
        [Processing] = "Đang xử lý",
        [SupplementRequested] = "Yêu cầu bổ sung",
        [Approved] = "Đã có kết quả",
        [Rejected] = "Từ chối",
        [Withdrawn] = "Đã rút",
        [DeliveryFailed] = "Chuyển thất bại",
    }.ToFrozenDictionary();

    /// <summary>How far along a delivery is; a failed delivery is the least advanced, as it needs ops first.</summary>
    private static readonly FrozenDictionary<string, int> Progress = new Dictionary<string, int>
    {
        [DeliveryFailed] = 0,
        [AwaitingPayment] = 1,
        [Received] = 2,
        [Forwarded] = 3,
        [Accepted] = 4,
        [SupplementRequested] = 5,
        [Processing] = 6,
        [Approved] = 7,
        [Rejected] = 7,
        [Withdrawn] = 7,
    }.ToFrozenDictionary();

    private static readonly FrozenDictionary<string, string[]> AgencyTransitions = new Dictionary<string, string[]>
    {
        [Forwarded] = [Accepted, Rejected],
        [Accepted] = [Processing, SupplementRequested, Rejected],
        [Processing] = [SupplementRequested, Approved, Rejected],
        [SupplementRequested] = [Processing],
    }.ToFrozenDictionary();

    public static IEnumerable<string> All => Labels.Keys;

    public static bool IsKnown(string status) => Labels.ContainsKey(status);

    public static string Label(string status) => Labels.GetValueOrDefault(status, status);

    public static bool IsFinal(string status) => status is Approved or Rejected or Withdrawn;

    /// <summary>A delivery processed to its end by the agency: approved or rejected (reported as processed, on time or late).</summary>
    public static bool IsProcessed(string status) => status is Approved or Rejected;

    /// <summary>
    /// Why the agency may not move <paramref name="delivery"/> to <paramref name="to"/> (in Vietnamese, for the agency), or null
    /// when it may: the move must be one of the legal ones, and a delivery waiting for the citizen's supplement waits.
    /// </summary>
    public static string? AgencyMayNotMove(DeliveryRow delivery, string to) =>
        !(AgencyTransitions.TryGetValue(delivery.Status, out var allowed) && allowed.Contains(to))
            ? $"Không thể chuyển từ \"{Label(delivery.Status)}\" sang \"{Label(to)}\"."
            : AwaitsSupplement(delivery) ? "Công dân chưa nộp hồ sơ bổ sung."
            : null;

    /// <summary>
    /// Whether a delivery waits for the citizen's supplement: the agency asked (supplement_requested) and no supplement has come
    /// since. The citizen may then submit one; the agency may not move on before it has.
    /// </summary>
    public static bool AwaitsSupplement(DeliveryRow delivery) =>
        delivery.Status == SupplementRequested && !(delivery.SupplementReceivedAt > delivery.SupplementRequestedAt);

    /// <summary>
    /// The move an attempt to forward a submission (or a feedback item) makes: the first delivery moves received → forwarded,
    /// or delivery_failed once the retry schedule is exhausted; ops' replay moves delivery_failed → forwarded. Null: no move.
    /// </summary>
    public static string? AfterForwarding(string status, bool delivered, bool exhausted) => (status, delivered, exhausted) switch
    {
        (Received or DeliveryFailed, true, _) => Forwarded,
        (Received, false, true) => DeliveryFailed,
        _ => null,
    };

    /// <summary>The citizen may withdraw a dossier while it has no result: no result document and no delivery approved or rejected.</summary>
    public static bool MayWithdraw(IEnumerable<string> deliveryStatuses, bool hasResults) =>
        !hasResults && !deliveryStatuses.Any(IsProcessed);

    /// <summary>Whether the agency holds the dossier, so must be told of a withdrawal; one never forwarded to it has nothing to drop.</summary>
    public static bool AgencyHoldsDossier(string status) => status is not (AwaitingPayment or Received or DeliveryFailed or Withdrawn);

    /// <summary>Whether the processing time runs for a delivery: it is neither finished nor still waiting for the citizen's fee.</summary>
    public static bool IsRunning(string status) => !IsFinal(status) && status != AwaitingPayment;

    /// <summary>
    /// The first status of a new dossier's deliveries: a level-4 procedure with a fee waits for it (nothing is forwarded before);
    /// any other is received at once.
    /// </summary>
    public static string OnSubmission(bool feeDue) => feeDue ? AwaitingPayment : Received;

    /// <summary>The deliveries a paid fee releases: those waiting for it, which move to received and are forwarded.</summary>
    public static bool ReleasedByFee(string status) => status == AwaitingPayment;

    /// <summary>
    /// The e-mail a delivery's move to its present status owes the applicant (API.md, Notifications): accepted, a supplement asked
    /// for (each request its own), the final result or a failed delivery; none for internal steps, or when the applicant is not told.
    /// </summary>
    public static NotificationRow? Notification(DossierRow dossier, DeliveryRow delivery, DateTimeOffset at)
    {
        // Once per delivery: the state machine reaches each of these at most once per agency.
        NotificationRow? Once(string eventName) => NotificationRow.For(dossier, eventName, delivery.AgencyId, delivery.AgencyId, at, note: delivery.Note);
        return delivery.Status switch
        {
            Accepted => Once(NotificationEvents.Accepted),
            Approved => Once(NotificationEvents.Approved),
            Rejected => Once(NotificationEvents.Rejected),
            DeliveryFailed => Once(NotificationEvents.DeliveryFailed),
            SupplementRequested => NotificationRow.For(dossier, NotificationEvents.SupplementRequested,
                string.Create(CultureInfo.InvariantCulture, $"{delivery.AgencyId}|{at.UtcTicks:D19}"), delivery.AgencyId, at, note: delivery.Note),
            _ => null,
        };
    }

    /// <summary>The dossier's status: the least advanced of its deliveries.</summary>
    public static string Of(IEnumerable<string> deliveryStatuses) =>
        deliveryStatuses.MinBy(status => Progress.GetValueOrDefault(status, 0)) ?? Received;
}
