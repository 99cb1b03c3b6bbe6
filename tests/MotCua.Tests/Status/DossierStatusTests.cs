using MotCua.Status;
using MotCua.Storage;

namespace MotCua.Tests.Status;

public sealed class DossierStatusTests
{
    [Theory]
    [InlineData("forwarded", "accepted")]
    [InlineData("forwarded", "rejected")]
    [InlineData("accepted", "processing")]
    [InlineData("accepted", "supplement_requested")]
    [InlineData("accepted", "rejected")]
    [InlineData("processing", "supplement_requested")]
    [InlineData("processing", "approved")]
    [InlineData("processing", "rejected")]
    [InlineData("supplement_requested", "processing")]
    public void Legal_agency_transitions_are_allowed(string from, string to) =>
        Assert.Null(DossierStatus.AgencyMayNotMove(Delivery(from, supplementReceived: true), to));

    [Theory]
    [InlineData("received", "accepted")]
    [InlineData("forwarded", "processing")]
    [InlineData("forwarded", "approved")]
    [InlineData("accepted", "approved")]
    [InlineData("supplement_requested", "approved")]
    [InlineData("approved", "processing")]
    [InlineData("rejected", "accepted")]
    [InlineData("withdrawn", "processing")]
    [InlineData("delivery_failed", "accepted")]
    [InlineData("processing", "withdrawn")]
    [InlineData("processing", "processing")]
    [InlineData("processing", "no_such_status")]
    public void Every_other_transition_is_refused(string from, string to) =>
        Assert.StartsWith("Không thể chuyển từ", DossierStatus.AgencyMayNotMove(Delivery(from, supplementReceived: true), to), StringComparison.Ordinal);

    [Fact]
    public void A_delivery_waiting_for_the_citizens_supplement_waits()
    {
        var waiting = Delivery(DossierStatus.SupplementRequested, supplementReceived: false);
        Assert.True(DossierStatus.AwaitsSupplement(waiting));
        Assert.Equal("Công dân chưa nộp hồ sơ bổ sung.", DossierStatus.AgencyMayNotMove(waiting, DossierStatus.Processing));

        var supplied = Delivery(DossierStatus.SupplementRequested, supplementReceived: true);
        Assert.False(DossierStatus.AwaitsSupplement(supplied));
        Assert.False(DossierStatus.AwaitsSupplement(Delivery(DossierStatus.Processing, supplementReceived: false)));
    }

    [Theory]
    [InlineData("received", true, false, "forwarded")]
    [InlineData("delivery_failed", true, false, "forwarded")]
    [InlineData("received", false, true, "delivery_failed")]
    [InlineData("received", false, false, null)]
    [InlineData("delivery_failed", false, true, null)]
    [InlineData("accepted", true, false, null)]
    [InlineData("withdrawn", true, false, null)]
    public void Forwarding_moves_only_a_delivery_not_yet_at_the_agency(string status, bool delivered, bool exhausted, string? after) =>
        Assert.Equal(after, DossierStatus.AfterForwarding(status, delivered, exhausted));

    [Theory]
    [InlineData(false, new[] { "forwarded", "processing" }, true)]
    [InlineData(false, new[] { "forwarded", "rejected" }, false)]
    [InlineData(false, new[] { "approved" }, false)]
    [InlineData(true, new[] { "processing" }, false)]
    public void A_dossier_may_be_withdrawn_until_it_has_a_result(bool hasResults, string[] statuses, bool may) =>
        Assert.Equal(may, DossierStatus.MayWithdraw(statuses, hasResults));

    [Theory]
    [InlineData("received", false)]
    [InlineData("delivery_failed", false)]
    [InlineData("withdrawn", false)]
    [InlineData("forwarded", true)]
    [InlineData("supplement_requested", true)]
    public void Only_an_agency_that_holds_the_dossier_is_told_of_its_withdrawal(string status, bool told) =>
        Assert.Equal(told, DossierStatus.AgencyHoldsDossier(status));

    private static DeliveryRow Delivery(string status, bool supplementReceived)
    {
        var requested = new DateTimeOffset(2026, 12, 1, 9, 0, 0, TimeSpan.FromHours(7));
        return new DeliveryRow
        {
            Status = status,
            SupplementRequestedAt = requested,
            SupplementReceivedAt = supplementReceived ? requested.AddDays(1) : null,
        };
    }

    [Fact]
    public void A_dossier_waiting_for_its_fee_is_behind_every_received_delivery_held_by_no_agency_and_its_processing_time_does_not_run()
    {
        Assert.Equal(DossierStatus.AwaitingPayment, DossierStatus.OnSubmission(feeDue: true));
        Assert.Equal(DossierStatus.Received, DossierStatus.OnSubmission(feeDue: false));
        Assert.Equal(DossierStatus.AwaitingPayment, DossierStatus.Of([DossierStatus.Received, DossierStatus.AwaitingPayment]));
        Assert.Equal(DossierStatus.DeliveryFailed, DossierStatus.Of([DossierStatus.DeliveryFailed, DossierStatus.AwaitingPayment]));
        Assert.False(DossierStatus.AgencyHoldsDossier(DossierStatus.AwaitingPayment));
        Assert.False(DossierStatus.IsRunning(DossierStatus.AwaitingPayment));
        Assert.True(DossierStatus.IsRunning(DossierStatus.Forwarded));
        Assert.True(DossierStatus.MayWithdraw([DossierStatus.AwaitingPayment], hasResults: false));
        Assert.True(DossierStatus.ReleasedByFee(DossierStatus.AwaitingPayment));
        Assert.False(DossierStatus.ReleasedByFee(DossierStatus.Withdrawn));
        Assert.NotNull(DossierStatus.AgencyMayNotMove(new DeliveryRow { Status = DossierStatus.AwaitingPayment }, DossierStatus.Accepted));
        Assert.Null(DossierStatus.AfterForwarding(DossierStatus.AwaitingPayment, delivered: true, exhausted: false));
        Assert.Equal("Chờ nộp lệ phí", DossierStatus.Label(DossierStatus.AwaitingPayment));
    }

    [Fact]
    public void Every_status_has_a_vietnamese_label()
    {
        Assert.Equal(10, DossierStatus.All.Count());
        Assert.All(DossierStatus.All, status => Assert.NotEqual(status, DossierStatus.Label(status)));
        Assert.Equal("Cơ quan đã tiếp nhận", DossierStatus.Label("accepted"));
    }

    [Theory]
    [InlineData("forwarded", "approved", "forwarded")]
    [InlineData("approved", "processing", "processing")]
    [InlineData("approved", "rejected", "approved")]
    [InlineData("processing", "supplement_requested", "supplement_requested")]
    [InlineData("approved", "delivery_failed", "delivery_failed")]
    [InlineData("received", "forwarded", "received")]
    public void A_dossier_is_as_far_as_its_least_advanced_delivery(string first, string second, string expected) =>
        Assert.Equal(expected, DossierStatus.Of([first, second]));
}
