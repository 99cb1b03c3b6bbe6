namespace MotCua.Accounts;

internal static class AccountServices
{
    public static IServiceCollection AddAccounts(this IServiceCollection services)
    {
        services.AddOptions<AuthOptions>()
            .BindConfiguration(AuthOptions.Section)
            // An empty Auth__Authority (as Bicep sets it when sign-in is off) binds to an empty relative URI.
            .PostConfigure(o => o.Authority = o.Authority is { OriginalString.Length: 0 } ? null : o.Authority)
            .Validate(o => o.Authority is null || o.Authority is { IsAbsoluteUri: true, Scheme: "http" or "https" },
                "Auth:Authority (Auth__Authority) must be the identity provider's absolute http(s) issuer URL, or empty to turn sign-in off.")
            .Validate(o => o.Authority is null || !o.RequireHttpsMetadata || o.Authority.Scheme == "https",
                "Auth:Authority must be https unless Auth:RequireHttpsMetadata (Auth__RequireHttpsMetadata) is false.")
            .Validate(o => o.Authority is null || o.Audience.Length > 0 && o.ClientId.Length > 0,
                "Auth:Audience and Auth:ClientId (Auth__Audience, Auth__ClientId) are needed with an Auth:Authority.")
            .Validate(o => o.IdNumberClaim.Length > 0 && o.TaxCodeClaim.Length > 0, "Auth:IdNumberClaim and Auth:TaxCodeClaim must name claims.")
            .Validate(o => o.ClockSkew >= TimeSpan.Zero && o.ClockSkew <= TimeSpan.FromMinutes(5), "Auth:ClockSkew must be between 0 and 00:05:00.")
            .ValidateOnStart();
        services.AddHttpClient(nameof(BearerTokens), client => client.Timeout = TimeSpan.FromSeconds(10));
        services.AddSingleton<BearerTokens>();
        services.AddSingleton<AccountStore>();
        services.AddSingleton<AccountDocuments>();
        return services;
    }
}
