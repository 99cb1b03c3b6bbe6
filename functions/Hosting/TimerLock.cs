// The host's singleton listener lock: a blob lease that lets one instance of the app run a given timer.
// Renewed at a third of its length; a holder that cannot renew in time stops firing before another can take over.
using Azure;
using Azure.Storage.Blobs;
using Azure.Storage.Blobs.Models;
using Azure.Storage.Blobs.Specialized;

namespace MotCua.Hosting;

internal sealed class TimerLock : IAsyncDisposable
{
    private readonly BlobLeaseClient _lease;
    private readonly TimeSpan _duration;
    private readonly TimeProvider _clock;
    private readonly ILogger _logger;
    private readonly CancellationTokenSource _lost = new();
    private readonly CancellationTokenSource _disposing = new();
    private readonly Task _renewing;
    private long _validUntilTicks;

    private TimerLock(BlobLeaseClient lease, TimeSpan duration, DateTimeOffset requestedAt, TimeProvider clock, ILogger logger)
    {
        _lease = lease;
        _duration = duration;
        _clock = clock;
        _logger = logger;
        _validUntilTicks = (requestedAt + duration).UtcTicks;
        _renewing = RenewAsync();
    }

    /// <summary>Cancelled once the lease is known to be lost (taken by another instance, or not renewed in time).</summary>
    public CancellationToken Lost => _lost.Token;

    /// <summary>Whether the lease is certainly still ours: it is measured from before each request reached storage.</summary>
    public bool IsHeld => !_lost.IsCancellationRequested && _clock.GetUtcNow().UtcTicks < Interlocked.Read(ref _validUntilTicks);

    /// <returns>The lock, or null while another instance holds it.</returns>
    public static async Task<TimerLock?> TryAcquireAsync(BlobClient blob, TimeSpan duration, TimeProvider clock, ILogger logger,
        CancellationToken cancellationToken)
    {
        var lease = blob.GetBlobLeaseClient();
        var requestedAt = clock.GetUtcNow();
        try
        {
            await lease.AcquireAsync(duration, cancellationToken: cancellationToken);
        }
        catch (RequestFailedException ex) when (ex.ErrorCode == BlobErrorCode.LeaseAlreadyPresent)
        {
            return null;
        }
        catch (RequestFailedException ex) when (ex.Status == StatusCodes.Status404NotFound)
        {
            await CreateLockBlobAsync(blob, cancellationToken);
            requestedAt = clock.GetUtcNow();
            try
            {
                await lease.AcquireAsync(duration, cancellationToken: cancellationToken);
            }
            catch (RequestFailedException again) when (again.ErrorCode == BlobErrorCode.LeaseAlreadyPresent)
            {
                return null;
            }
        }

        return new TimerLock(lease, duration, requestedAt, clock, logger);
    }

    public async ValueTask DisposeAsync()
    {
        await _disposing.CancelAsync();
        await _renewing;
        if (!_lost.IsCancellationRequested)
        {
            // Released on a graceful stop so a standby instance takes over at its next try, not after the lease runs out.
            try
            {
                await _lease.ReleaseAsync();
            }
            catch (Exception ex)
            {
                _logger.LogWarning(ex, "Could not release the timer lock {LockBlob}; it expires by itself", _lease.Uri.AbsolutePath);
            }
        }

        _disposing.Dispose();
        _lost.Dispose();
    }

    private static async Task CreateLockBlobAsync(BlobClient blob, CancellationToken cancellationToken)
    {
        await blob.GetParentBlobContainerClient().CreateIfNotExistsAsync(cancellationToken: cancellationToken);
        try
        {
            await blob.UploadAsync(BinaryData.Empty,
                new BlobUploadOptions { Conditions = new BlobRequestConditions { IfNoneMatch = ETag.All } }, cancellationToken);
        }
        catch (RequestFailedException ex) when (ex.Status is StatusCodes.Status409Conflict or StatusCodes.Status412PreconditionFailed)
        {
            // Another instance created it first.
        }
    }

    private async Task RenewAsync()
    {
        var stopping = _disposing.Token;
        while (true)
        {
            await Task.Delay(_duration / 3, _clock, stopping).ConfigureAwait(ConfigureAwaitOptions.SuppressThrowing);
            if (stopping.IsCancellationRequested)
            {
                return;
            }

            var requestedAt = _clock.GetUtcNow();
            try
            {
                await _lease.RenewAsync(cancellationToken: stopping);
                Interlocked.Exchange(ref _validUntilTicks, (requestedAt + _duration).UtcTicks);
                continue;
            }
            catch (RequestFailedException ex) when (ex.Status == StatusCodes.Status409Conflict)
            {
                _logger.LogWarning("Timer lock {LockBlob} was taken by another instance ({ErrorCode})", _lease.Uri.AbsolutePath, ex.ErrorCode);
                await _lost.CancelAsync();
                return;
            }
            catch (OperationCanceledException) when (stopping.IsCancellationRequested)
            {
                return;
            }
            catch (Exception ex)
            {
                // An outage surfaces as whatever the SDK's transport and retries throw; the lease deadline decides what happens.
                _logger.LogWarning(ex, "Could not renew timer lock {LockBlob}; retrying", _lease.Uri.AbsolutePath);
            }

            if (!IsHeld)
            {
                _logger.LogWarning("Timer lock {LockBlob} expired before it could be renewed", _lease.Uri.AbsolutePath);
                await _lost.CancelAsync();
                return;
            }
        }
    }
}
