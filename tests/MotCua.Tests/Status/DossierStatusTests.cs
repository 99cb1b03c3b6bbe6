using MotCua.Status;

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
        Assert.True(DossierStatus.AgencyMayMove(from, to));

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
        Assert.False(DossierStatus.AgencyMayMove(from, to));

    [Fact]
    public void Every_status_has_a_vietnamese_label()
    {
        Assert.Equal(9, DossierStatus.All.Count());
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
