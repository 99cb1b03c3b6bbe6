// The delivery status state machine of API.md: the statuses, their Vietnamese labels, which agency
// transitions are legal, and how a dossier's status follows from its deliveries.
using System.Collections.Frozen;

namespace MotCua.Status;

public static class DossierStatus
{
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
        [Received] = 1,
        [Forwarded] = 2,
        [Accepted] = 3,
        [SupplementRequested] = 4,
        [Processing] = 5,
        [Approved] = 6,
        [Rejected] = 6,
        [Withdrawn] = 6,
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

    /// <summary>Whether an agency may move a delivery from <paramref name="from"/> to <paramref name="to"/>.</summary>
    public static bool AgencyMayMove(string from, string to) =>
        AgencyTransitions.TryGetValue(from, out var allowed) && allowed.Contains(to);

    /// <summary>The dossier's status: the least advanced of its deliveries.</summary>
    public static string Of(IEnumerable<string> deliveryStatuses) =>
        deliveryStatuses.MinBy(status => Progress.GetValueOrDefault(status, 0)) ?? Received;
}
