// Notifications__*: the SMTP server the e-mails to applicants go through, and the page their links open. Checked at start.
using MailKit.Security;

namespace MotCua.Notifications;

internal sealed class NotificationsOptions
{
    public const string Section = "Notifications";

    /// <summary>A mail conversation longer than this is a server in trouble; the queue tries again later.</summary>
    public static readonly TimeSpan MaxTimeout = TimeSpan.FromMinutes(1);

    public string SmtpHost { get; set; } = "";

    public int SmtpPort { get; set; } = 587;

    /// <summary>Empty: the server takes mail without authentication (a local mail catcher).</summary>
    public string SmtpUser { get; set; } = "";

    public string SmtpPassword { get; set; } = "";

    /// <summary>
    /// MailKit's <see cref="SecureSocketOptions"/>: <c>StartTls</c> (port 587, as Azure Communication Services' relay requires),
    /// <c>SslOnConnect</c> (465), <c>None</c> (a local mail catcher) or <c>Auto</c>.
    /// </summary>
    public SecureSocketOptions Security { get; set; } = SecureSocketOptions.StartTls;

    /// <summary>The sender, <c>Name &lt;address&gt;</c> or an address (ACS: a MailFrom address of its verified domain).</summary>
    public string From { get; set; } = "";

    /// <summary>The tracking page the e-mails link to: a path under <c>Portal__BaseUrl</c>, or an absolute http(s) URL.</summary>
    public string TrackingPage { get; set; } = "/track.html";

    /// <summary>One whole SMTP conversation: connect, authenticate, send.</summary>
    public TimeSpan Timeout { get; set; } = TimeSpan.FromSeconds(30);
}
