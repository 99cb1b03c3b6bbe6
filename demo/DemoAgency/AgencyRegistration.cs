// On start: wait for the portal, then register this program as the webhook endpoint of every played agency.
using System.Net;
using System.Text.Json;
using Microsoft.Extensions.Options;

namespace MotCua.DemoAgency;

internal sealed class AgencyRegistration(PortalClient portal, PlayedAgencies agencies, IOptions<DemoOptions> options, ILogger<AgencyRegistration> logger)
{
    /// <summary>How long to wait for a portal that is still starting (Azurite, then the function app).</summary>
    private static readonly TimeSpan StartupWait = TimeSpan.FromSeconds(60);

    /// <summary>False when the portal never became healthy or no agency could be registered.</summary>
    public async Task<bool> RunAsync(CancellationToken cancellationToken)
    {
        var settings = options.Value;
        if (!await portal.WaitUntilHealthyAsync(StartupWait, cancellationToken))
        {
            logger.LogCritical("The portal at {Portal} did not answer GET /api/health with 200 within {Wait}", settings.Portal, StartupWait);
            return false;
        }

        var failed = 0;
        try
        {
            var catalog = await portal.GetAgenciesAsync(cancellationToken);
            var chosen = settings.ChosenAgencyIds();
            foreach (var unknown in chosen.Except(catalog.Select(agency => agency.Id), StringComparer.Ordinal))
            {
                logger.LogWarning("Agency {AgencyId} is not in the portal's catalog; skipped", unknown);
            }

            foreach (var agency in catalog.Where(agency => chosen.Count == 0 || chosen.Contains(agency.Id)))
            {
                var secret = StandardWebhooks.NewSecret();
                // Known before the portal learns the endpoint, so a webhook sent straight after registration is verified.
                agencies.Add(new PlayedAgency(agency.Id, agency.Name, secret));
                var webhookUrl = new Uri(settings.Listen, $"agencies/{Uri.EscapeDataString(agency.Id)}/webhook");
                var status = await portal.RegisterAsync(agency.Id, new AgencyEndpoint(agency.Name, agency.ProvinceCode, webhookUrl, secret), cancellationToken);
                if ((int)status is >= 200 and <= 299)
                {
                    continue;
                }

                agencies.Remove(agency.Id);
                if (status is HttpStatusCode.Unauthorized or HttpStatusCode.Forbidden)
                {
                    logger.LogCritical("The portal did not accept the admin key (--admin-key); registered nothing more");
                    return false;
                }

                failed++;
            }
        }
        catch (Exception ex) when (ex is HttpRequestException or JsonException)
        {
            logger.LogCritical("Could not read the catalog or register the agencies: {Error}", ex.Message);
            return false;
        }

        logger.LogInformation("Playing {Count} agencies ({Failed} refused) at {Listen}agencies/{{id}}/webhook, {DelaySeconds} s between steps; Ctrl+C to stop",
            agencies.Count, failed, settings.Listen, settings.DelaySeconds);
        return agencies.Count > 0;
    }
}
