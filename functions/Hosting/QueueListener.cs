// One queue trigger run the way the Functions host runs it: batches, back-off, invisibility renewal while a
// handler runs, retry after visibilityTimeout, and <queue>-poison after maxDequeueCount failures.
using Azure;
using Azure.Storage.Queues;
using Azure.Storage.Queues.Models;

namespace MotCua.Hosting;

internal sealed class QueueListener
{
    /// <summary>The most messages Queue storage hands out in one receive.</summary>
    public const int MaxBatchSize = 32;

    public const string PoisonSuffix = "-poison";

    private static readonly TimeSpan MinimumPollingInterval = TimeSpan.FromMilliseconds(100);

    private readonly QueueFunction _function;
    private readonly QueueClient _queue;
    private readonly QueueClient _poison;
    private readonly FunctionInvoker _invoker;
    private readonly SharedQueueWatcher _watcher;
    private readonly TimeProvider _time;
    private readonly ILogger _logger;
    private readonly int _batchSize;
    private readonly int _newBatchThreshold;
    private readonly int _maxDequeueCount;
    private readonly TimeSpan _visibilityTimeout;
    private readonly TimeSpan _lease;
    private readonly PollingBackoff _backoff;

    // Touched only by the polling loop, which runs one step at a time.
    private readonly List<Task> _running = [];
    private bool _queuesExist;

    public QueueListener(QueueFunction function, QueueServiceClient queues, FunctionInvoker invoker, SharedQueueWatcher watcher,
        QueuesOptions options, TimeSpan messageLease, TimeProvider time, ILogger logger)
    {
        _function = function;
        _queue = queues.GetQueueClient(function.QueueName);
        _poison = queues.GetQueueClient(function.QueueName + PoisonSuffix);
        _invoker = invoker;
        _watcher = watcher;
        _time = time;
        _logger = logger;
        _batchSize = Math.Clamp(options.BatchSize, 1, MaxBatchSize);
        _newBatchThreshold = Math.Max(0, options.NewBatchThreshold ?? (_batchSize / 2));
        _maxDequeueCount = Math.Max(1, options.MaxDequeueCount);
        _visibilityTimeout = options.VisibilityTimeout;
        // Storage counts invisibility in whole seconds, and renewing at half a zero lease would spin.
        _lease = messageLease > TimeSpan.FromSeconds(1) ? messageLease : TimeSpan.FromSeconds(1);
        _backoff = new PollingBackoff(MinimumPollingInterval, options.MaxPollingInterval);
    }

    /// <summary>Polls until <paramref name="stopping"/> fires, then waits for the handlers still running.</summary>
    public async Task RunAsync(CancellationToken stopping)
    {
        _logger.LogInformation(
            "Listening on queue '{QueueName}' for 'Functions.{FunctionName}' (batchSize {BatchSize}, newBatchThreshold {NewBatchThreshold})",
            _queue.Name, _function.Name, _batchSize, _newBatchThreshold);
        try
        {
            while (true)
            {
                await WaitForNewBatchThresholdAsync();
                var delay = await PollAsync(stopping);
                await _watcher.DelayAsync(_queue.Name, delay, _time, stopping);
            }
        }
        catch (OperationCanceledException) when (stopping.IsCancellationRequested)
        {
            // Shutting down: no new batches; the running handlers see the same token and end below.
        }

        await Task.WhenAll(_running);
    }

    private async Task WaitForNewBatchThresholdAsync()
    {
        _running.RemoveAll(task => task.IsCompleted);
        while (_running.Count > _newBatchThreshold)
        {
            await Task.WhenAny(_running);
            _running.RemoveAll(task => task.IsCompleted);
        }
    }

    /// <returns>How long to wait before the next poll.</returns>
    private async Task<TimeSpan> PollAsync(CancellationToken stopping)
    {
        QueueMessage[] batch;
        try
        {
            if (!_queuesExist)
            {
                await _queue.CreateIfNotExistsAsync(cancellationToken: stopping);
                await _poison.CreateIfNotExistsAsync(cancellationToken: stopping);
                _queuesExist = true;
            }

            batch = (await _queue.ReceiveMessagesAsync(_batchSize, _lease, stopping)).Value;
        }
        // The listener is the host's boundary: whatever storage throws (outage, timeout, a deleted queue) is logged
        // and polled again later, never allowed to stop the host.
        catch (Exception ex) when (!stopping.IsCancellationRequested)
        {
            _queuesExist &= !IsQueueNotFound(ex);
            var delay = _backoff.NextMiss();
            _logger.LogWarning(ex, "Polling queue '{QueueName}' for 'Functions.{FunctionName}' failed; next attempt in {DelayMs}ms",
                _queue.Name, _function.Name, delay.TotalMilliseconds);
            return delay;
        }

        if (batch.Length == 0)
        {
            return _backoff.NextMiss();
        }

        foreach (var message in batch)
        {
            // Task.Run so a handler's synchronous start cannot hold up the others or the loop.
            _running.Add(Task.Run(() => ProcessAsync(message, stopping), CancellationToken.None));
        }

        _backoff.Reset();
        return batch.Length == _batchSize ? TimeSpan.Zero : _backoff.Minimum;
    }

    private async Task ProcessAsync(QueueMessage message, CancellationToken stopping)
    {
        // Attempts that never completed (the process died mid-handler) still count, as in the host.
        if (message.DequeueCount > _maxDequeueCount)
        {
            await CompleteAsync(message, message.PopReceipt, Outcome.Failed);
            return;
        }

        var info = new QueueMessageInfo(message.MessageId, message.DequeueCount, message.InsertedOn, message.ExpiresOn, message.NextVisibleOn);
        Outcome outcome;
        string popReceipt;
        using (var handlerEnded = new CancellationTokenSource())
        {
            var renewal = KeepInvisibleAsync(message, handlerEnded.Token);
            try
            {
                await _invoker.InvokeQueueAsync(_function, message.Body.ToString(), info, stopping);
                outcome = Outcome.Succeeded;
            }
            catch (OperationCanceledException) when (stopping.IsCancellationRequested)
            {
                outcome = Outcome.Interrupted;
            }
            // A handler's failure is the message's failure; the invoker has already logged it.
            catch (Exception)
            {
                outcome = Outcome.Failed;
            }
            finally
            {
                await handlerEnded.CancelAsync();
                popReceipt = await renewal;
            }
        }

        await CompleteAsync(message, popReceipt, outcome);
    }

    /// <summary>Pushes the message's invisibility forward every half lease until the handler ends.</summary>
    /// <returns>The pop receipt of the last renewal, which is the only one storage still accepts.</returns>
    private async Task<string> KeepInvisibleAsync(QueueMessage message, CancellationToken handlerEnded)
    {
        var popReceipt = message.PopReceipt;
        var interval = _lease / 2;
        while (true)
        {
            await Task.Delay(interval, _time, handlerEnded).ConfigureAwait(ConfigureAwaitOptions.SuppressThrowing);
            if (handlerEnded.IsCancellationRequested)
            {
                return popReceipt;
            }

            try
            {
                // Never cancelled mid-request: a renewal that storage applied but we did not see would leave us a stale receipt.
                var renewed = await _queue.UpdateMessageAsync(message.MessageId, popReceipt, visibilityTimeout: _lease,
                    cancellationToken: CancellationToken.None);
                popReceipt = renewed.Value.PopReceipt;
            }
            catch (RequestFailedException ex) when (ex.Status is 400 or 404)
            {
                // The message is gone or another receiver holds it: nothing left to renew.
                _logger.LogWarning(ex, "Lost message {MessageId} on queue '{QueueName}' while 'Functions.{FunctionName}' was running",
                    message.MessageId, _queue.Name, _function.Name);
                return popReceipt;
            }
            catch (Exception ex)
            {
                _logger.LogWarning(ex, "Could not renew message {MessageId} on queue '{QueueName}'; trying again in {IntervalMs}ms",
                    message.MessageId, _queue.Name, interval.TotalMilliseconds);
            }
        }
    }

    private async Task CompleteAsync(QueueMessage message, string popReceipt, Outcome outcome)
    {
        // Not tied to the stopping token: finishing the bookkeeping of a handler that has run is part of a graceful stop.
        try
        {
            switch (outcome)
            {
                case Outcome.Succeeded:
                    await _queue.DeleteMessageAsync(message.MessageId, popReceipt, CancellationToken.None);
                    break;
                case Outcome.Failed when message.DequeueCount >= _maxDequeueCount:
                    _logger.LogWarning("Message has reached MaxDequeueCount of {MaxDequeueCount}. Moving message to queue '{PoisonQueueName}'",
                        _maxDequeueCount, _poison.Name);
                    await SendToPoisonAsync(message.Body);
                    await _queue.DeleteMessageAsync(message.MessageId, popReceipt, CancellationToken.None);
                    break;
                case Outcome.Failed:
                    await _queue.UpdateMessageAsync(message.MessageId, popReceipt, visibilityTimeout: _visibilityTimeout,
                        cancellationToken: CancellationToken.None);
                    break;
                case Outcome.Interrupted:
                    // Visible at once, so the next start picks it up without waiting out the lease.
                    await _queue.UpdateMessageAsync(message.MessageId, popReceipt, visibilityTimeout: TimeSpan.Zero,
                        cancellationToken: CancellationToken.None);
                    break;
            }
        }
        catch (Exception ex)
        {
            // Nothing is lost: the message becomes visible again when its invisibility runs out.
            _logger.LogWarning(ex, "Could not complete message {MessageId} on queue '{QueueName}' ({Outcome}); it will be delivered again",
                message.MessageId, _queue.Name, outcome);
        }
    }

    private async Task SendToPoisonAsync(BinaryData body)
    {
        try
        {
            await _poison.SendMessageAsync(body, cancellationToken: CancellationToken.None);
        }
        catch (Exception ex) when (IsQueueNotFound(ex))
        {
            await _poison.CreateIfNotExistsAsync(cancellationToken: CancellationToken.None);
            await _poison.SendMessageAsync(body, cancellationToken: CancellationToken.None);
        }
    }

    private static bool IsQueueNotFound(Exception ex) =>
        ex is RequestFailedException failed && failed.ErrorCode == QueueErrorCode.QueueNotFound;

    private enum Outcome { Succeeded, Failed, Interrupted }
}
