// Hands one message to the configured SMTP server with MailKit: any server, Azure Communication Services' relay in production,
// a mail catcher locally. A connection per message: notifications are few, and nothing is left open between invocations.
using MailKit.Net.Smtp;
using Microsoft.Extensions.Options;
using MimeKit;

namespace MotCua.Notifications;

internal sealed class SmtpMailer(IOptions<NotificationsOptions> options)
{
    /// <exception cref="Exception">Whatever the conversation failed with: a refused connection, an SMTP reply, a timeout.</exception>
    public async Task SendAsync(MimeMessage message, CancellationToken cancellationToken)
    {
        var smtp = options.Value;
        using var timeout = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
        timeout.CancelAfter(smtp.Timeout);
        using var client = new SmtpClient { Timeout = (int)smtp.Timeout.TotalMilliseconds };
        await client.ConnectAsync(smtp.SmtpHost, smtp.SmtpPort, smtp.Security, timeout.Token);
        if (smtp.SmtpUser.Length > 0)
        {
            await client.AuthenticateAsync(smtp.SmtpUser, smtp.SmtpPassword, timeout.Token);
        }

        await client.SendAsync(message, timeout.Token);
        await client.DisconnectAsync(quit: true, timeout.Token);
    }
}
