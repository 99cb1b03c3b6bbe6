// The rate limits' settings, checked at start (a message names each bad one as written and as a variable), and their services.
using Microsoft.Extensions.Options;

namespace MotCua.Hosting;

internal static class RateLimitServices
{
    /// <summary>Headers that name the client only after the host rewrote them (it replaces X-Forwarded-For with its own peer).</summary>
    private static readonly string[] HostHeaders = ["X-Forwarded-For", "Forwarded"];

    public static IServiceCollection AddRateLimits(this IServiceCollection services)
    {
        var options = services.AddOptions<RateLimitsOptions>().BindConfiguration(RateLimitsOptions.Section);
        foreach (var budget in Enum.GetValues<RateBudget>())
        {
            Budget(options, budget);
        }

        const string header = $"{RateLimitsOptions.Section}:{nameof(RateLimitsOptions.ClientAddressHeader)}";
        options
            .Validate(o => o.ClientAddressHeader.Length > 0 && o.ClientAddressHeader.All(c => char.IsAsciiLetterOrDigit(c) || c == '-')
                    && !HostHeaders.Contains(o.ClientAddressHeader, StringComparer.OrdinalIgnoreCase),
                $"{header} ({Variable(header)}) must be the header a trusted proxy sets to the one address it took the request from, such as "
                + $"{RateLimitsOptions.FrontDoorSocketHeader} (Front Door); not X-Forwarded-For or Forwarded, which the host in front of the worker rewrites.")
            .ValidateOnStart();
        services.AddSingleton<ClientAddress>();
        services.AddSingleton<RateLimiters>();
        return services;
    }

    private static void Budget(OptionsBuilder<RateLimitsOptions> options, RateBudget budget)
    {
        var limit = $"{RateLimitsOptions.Section}:{budget}:{nameof(RateBudgetOptions.PermitLimit)}";
        var window = $"{RateLimitsOptions.Section}:{budget}:{nameof(RateBudgetOptions.Window)}";
        options
            .Validate(o => o.Of(budget).PermitLimit >= 1, $"{limit} ({Variable(limit)}) must be a number of requests, at least 1.")
            .Validate(o => o.Of(budget).Window >= RateBudgetOptions.MinWindow && o.Of(budget).Window <= RateBudgetOptions.MaxWindow,
                $"{window} ({Variable(window)}) must be between 00:00:01 and 1.00:00:00.");
    }

    private static string Variable(string key) => key.Replace(":", "__", StringComparison.Ordinal);
}
