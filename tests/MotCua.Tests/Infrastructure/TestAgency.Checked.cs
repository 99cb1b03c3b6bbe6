// The agency's checked steps in the tests: waiting for a webhook, sending an event the portal must apply. Apart from
// TestAgency.cs, which the benchmark links without Poll and xunit's assertions.
using System.Net;

namespace MotCua.Tests.Infrastructure;

public sealed partial class TestAgency
{
    /// <summary>Waits until a webhook matching <paramref name="match"/> has arrived.</summary>
    public async Task<ReceivedWebhook> WaitForAsync(Func<ReceivedWebhook, bool> match, TimeSpan? timeout = null) =>
        (await Poll.UntilAsync(() => Task.FromResult(_received.FirstOrDefault(match)), found => found is not null, timeout ?? TimeSpan.FromSeconds(20),
            _ => $"the agency did not receive the expected webhook among the {_received.Count} it got"))!;

    /// <summary>Signs <paramref name="body"/> as this agency and sends it to the portal, which must apply it (200).</summary>
    public async Task ApplyAsync(HttpClient portal, string agencyId, object body, DateTimeOffset? at = null)
    {
        using var response = await SendEventAsync(portal, agencyId, body, at: at);
        Assert.True(response.StatusCode == HttpStatusCode.OK, $"{agencyId}'s event answered {(int)response.StatusCode}: {await response.Content.ReadAsStringAsync()}");
    }
}
