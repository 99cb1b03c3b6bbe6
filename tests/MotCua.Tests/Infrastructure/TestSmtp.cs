// A real SMTP server in the test process (SmtpServer from NuGet) on a free port: it keeps every message it accepts, parsed with
// MimeKit, and can refuse the next messages on demand (451, a transient failure). Every test app sends to the shared one unless
// a test starts its own (FunctionApp.TestSettings).
using System.Buffers;
using System.Collections.Concurrent;
using System.Net.Sockets;
using MimeKit;
using SmtpServer;
using SmtpServer.Protocol;
using SmtpServer.Storage;

namespace MotCua.Tests.Infrastructure;

public sealed class TestSmtp : IAsyncDisposable
{
    private static readonly Lazy<TestSmtp> SharedServer = new(() => StartAsync().GetAwaiter().GetResult());

    private readonly ConcurrentQueue<MimeMessage> _received = new();
    private readonly CancellationTokenSource _stop = new();
    private Task _running = Task.CompletedTask;
    private int _refusalsLeft;
    private int _refused;

    private TestSmtp(int port) => Port = port;

    /// <summary>The server every test app sends to unless told otherwise; it lives as long as the test process.</summary>
    public static TestSmtp Shared => SharedServer.Value;

    public int Port { get; }

    public IReadOnlyCollection<MimeMessage> Received => _received;

    /// <summary>How many messages were refused so far.</summary>
    public int Refused => Volatile.Read(ref _refused);

    /// <summary>The portal's settings for sending here.</summary>
    public Dictionary<string, string?> Settings() => new()
    {
        ["Notifications:SmtpHost"] = "127.0.0.1",
        ["Notifications:SmtpPort"] = Port.ToString(System.Globalization.CultureInfo.InvariantCulture),
        ["Notifications:Security"] = "None",
        ["Notifications:From"] = "Cổng Dịch vụ công <no-reply@motcua.test>",
    };

    /// <summary>Refuse the next <paramref name="count"/> messages with 451 (a transient failure); -1 refuses until told otherwise.</summary>
    public void RefuseNext(int count) => Volatile.Write(ref _refusalsLeft, count);

    /// <summary>The messages about a dossier: its id is in every subject.</summary>
    public List<MimeMessage> About(string dossierId) => [.. _received.Where(m => m.Subject?.Contains(dossierId, StringComparison.Ordinal) == true)];

    public static async Task<TestSmtp> StartAsync()
    {
        var smtp = new TestSmtp(Azurite.FreePort());
        var options = new SmtpServerOptionsBuilder().ServerName("localhost")
            .Endpoint(endpoint => endpoint.Endpoint(new System.Net.IPEndPoint(System.Net.IPAddress.Loopback, smtp.Port))).Build();
        var services = new SmtpServer.ComponentModel.ServiceProvider();
        services.Add(new Store(smtp));
        smtp._running = new SmtpServer.SmtpServer(options, services).StartAsync(smtp._stop.Token);
        await smtp.ListeningAsync();
        return smtp;
    }

    /// <summary>Waits until the server accepts connections (it binds on its own task).</summary>
    private async Task ListeningAsync()
    {
        for (var tries = 0; ; tries++)
        {
            using var client = new TcpClient();
            try
            {
                await client.ConnectAsync(System.Net.IPAddress.Loopback, Port);
                return;
            }
            catch (SocketException) when (tries < 500)
            {
                await Task.Delay(20);
            }
        }
    }

    public async ValueTask DisposeAsync()
    {
        await _stop.CancelAsync();
        await _running.ConfigureAwait(ConfigureAwaitOptions.SuppressThrowing);
        _stop.Dispose();
    }

    private sealed class Store(TestSmtp smtp) : MessageStore
    {
        public override Task<SmtpResponse> SaveAsync(ISessionContext context, IMessageTransaction transaction, ReadOnlySequence<byte> buffer,
            CancellationToken cancellationToken)
        {
            var left = Volatile.Read(ref smtp._refusalsLeft);
            if (left != 0)
            {
                if (left > 0)
                {
                    Interlocked.Decrement(ref smtp._refusalsLeft);
                }

                Interlocked.Increment(ref smtp._refused);
                return Task.FromResult(new SmtpResponse(SmtpReplyCode.Aborted, "Hộp thư tạm thời không nhận thư (thử nghiệm)"));
            }

            using var stream = new MemoryStream(buffer.ToArray());
            smtp._received.Enqueue(MimeMessage.Load(stream, cancellationToken));
            return Task.FromResult(SmtpResponse.Ok);
        }
    }
}
