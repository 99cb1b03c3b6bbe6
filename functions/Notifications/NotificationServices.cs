using MimeKit;

namespace MotCua.Notifications;

internal static class NotificationServices
{
    public static IServiceCollection AddNotifications(this IServiceCollection services)
    {
        services.AddOptions<NotificationsOptions>()
            .BindConfiguration(NotificationsOptions.Section)
            .Validate(o => Uri.CheckHostName(o.SmtpHost) != UriHostNameType.Unknown,
                "Notifications:SmtpHost (Notifications__SmtpHost) must be the SMTP server's host name or IP address.")
            .Validate(o => o.SmtpPort is > 0 and <= 65535, "Notifications:SmtpPort (Notifications__SmtpPort) must be a port number (1–65535).")
            .Validate(o => o.SmtpUser.Length == 0 || o.SmtpPassword.Length > 0,
                "Notifications:SmtpPassword (Notifications__SmtpPassword) must be set with Notifications:SmtpUser.")
            .Validate(o => Enum.IsDefined(o.Security),
                "Notifications:Security (Notifications__Security) must be StartTls, SslOnConnect, None or Auto.")
            .Validate(o => MailboxAddress.TryParse(o.From, out var from) && from.Address.Contains('@', StringComparison.Ordinal),
                "Notifications:From (Notifications__From) must be the sender's address, e.g. Cổng Dịch vụ công <no-reply@example.vn>.")
            .Validate(o => o.TrackingPage.StartsWith('/') || Uri.TryCreate(o.TrackingPage, UriKind.Absolute, out var page) && page.Scheme is "http" or "https",
                "Notifications:TrackingPage (Notifications__TrackingPage) must be a path such as /track.html or an absolute http(s) URL.")
            .Validate(o => o.Timeout > TimeSpan.Zero && o.Timeout <= NotificationsOptions.MaxTimeout,
                "Notifications:Timeout (Notifications__Timeout) must be between 00:00:00 (exclusive) and 00:01:00.")
            .ValidateOnStart();
        services.AddSingleton<SmtpMailer>();
        services.AddSingleton<NotificationMail>();
        services.AddSingleton<NotificationSender>();
        return services;
    }
}
