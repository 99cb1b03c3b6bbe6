// What every HTTP answer of the app shares, whichever function gives it, and the address the world reaches the app at.
using System.Text.Encodings.Web;
using System.Text.Unicode;

namespace MotCua.Hosting;

internal static class HttpConventions
{
    public static IServiceCollection AddHttpConventions(this IServiceCollection services)
    {
        // Every problem+json carries a detail in Vietnamese (API.md).
        services.AddProblemDetails(options => options.CustomizeProblemDetails = Problems.FillDetail);
        // Vietnamese stays readable in JSON; characters that matter to HTML are still escaped.
        services.ConfigureHttpJsonOptions(json => json.SerializerOptions.Encoder = JavaScriptEncoder.Create(UnicodeRanges.All));
        // Where the portal is reached from outside: the links it hands out are built on it.
        services.AddOptions<PortalOptions>()
            .BindConfiguration(PortalOptions.Section)
            .Validate(PortalOptions.IsValid, "Portal:BaseUrl (Portal__BaseUrl) must be the portal's public absolute http(s) URL, without query or fragment.")
            .ValidateOnStart();
        return services;
    }
}
