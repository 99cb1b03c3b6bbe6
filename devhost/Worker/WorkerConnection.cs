// One worker's gRPC event stream: requests out, answers matched back to their request, the worker's logs into ours.
using System.Collections.Concurrent;
using System.Threading.Channels;
using Grpc.Core;
using Microsoft.Azure.WebJobs.Script.Grpc.Messages;

namespace MotCua.DevHost.Worker;

internal sealed class WorkerConnection(IAsyncStreamReader<StreamingMessage> incoming, IServerStreamWriter<StreamingMessage> outgoing,
    WorkerLog log) : IDisposable
{
    private readonly Channel<StreamingMessage> _toWorker = Channel.CreateUnbounded<StreamingMessage>(new UnboundedChannelOptions { SingleReader = true });
    private readonly ConcurrentDictionary<string, TaskCompletionSource<StreamingMessage>> _awaiting = new();
    private readonly TaskCompletionSource _closed = new(TaskCreationOptions.RunContinuationsAsynchronously);
    private readonly CancellationTokenSource _closing = new();

    /// <summary>Completes when the stream has ended (the worker went away or the host stopped).</summary>
    public Task Closed => _closed.Task;

    /// <summary>Sends <paramref name="request"/> and completes with the worker's answer to it.</summary>
    /// <exception cref="FunctionInvocationException">The stream ended before the answer came.</exception>
    public async Task<StreamingMessage> SendAsync(StreamingMessage request, CancellationToken cancellationToken)
    {
        var key = AnswerKey(request);
        var answer = new TaskCompletionSource<StreamingMessage>(TaskCreationOptions.RunContinuationsAsynchronously);
        _awaiting[key] = answer;
        try
        {
            if (Closed.IsCompleted || !_toWorker.Writer.TryWrite(request))
            {
                throw Gone();
            }

            return await answer.Task.WaitAsync(cancellationToken);
        }
        finally
        {
            _awaiting.TryRemove(key, out _);
        }
    }

    /// <summary>Sends a message that has no answer (InvocationCancel, WorkerTerminate).</summary>
    public void Post(StreamingMessage message) => _toWorker.Writer.TryWrite(message);

    /// <summary>
    /// Ends the stream from the host's side, once the host is done with the worker: a worker in the test process does not
    /// close its stream when it stops, and the gRPC server would wait for it to its shutdown timeout.
    /// </summary>
    public void Dispose()
    {
        _closing.Cancel();
        _closing.Dispose();
    }

    /// <summary>Pumps the stream until it ends or the connection is disposed; every request still waiting then fails.</summary>
    public async Task RunAsync(CancellationToken cancellationToken)
    {
        using var ending = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken, _closing.Token);
        cancellationToken = ending.Token;
        var writing = WriteAsync(cancellationToken);
        try
        {
            while (await incoming.MoveNext(cancellationToken))
            {
                Receive(incoming.Current);
            }
        }
        catch (Exception ex) when (ex is IOException or Grpc.Core.RpcException or OperationCanceledException)
        {
            // The worker died or the host is stopping: the same end of the stream either way.
        }
        finally
        {
            _toWorker.Writer.TryComplete();
            _closed.TrySetResult();
            foreach (var waiting in _awaiting.Values)
            {
                waiting.TrySetException(Gone());
            }
        }

        await writing;
    }

    private async Task WriteAsync(CancellationToken cancellationToken)
    {
        try
        {
            await foreach (var message in _toWorker.Reader.ReadAllAsync(cancellationToken))
            {
                await outgoing.WriteAsync(message, cancellationToken);
            }
        }
        catch (Exception ex) when (ex is IOException or Grpc.Core.RpcException or OperationCanceledException or InvalidOperationException)
        {
            // The stream is gone; RunAsync fails whoever still waits.
        }
    }

    private void Receive(StreamingMessage message)
    {
        if (message.RpcLog is { } rpcLog)
        {
            log.Write(rpcLog);
        }
        else if (AnswerKey(message) is { } key && _awaiting.TryGetValue(key, out var waiting))
        {
            waiting.TrySetResult(message);
        }
    }

    /// <summary>The key that pairs a request with its answer: by kind, and by function or invocation id where there can be several.</summary>
    private static string AnswerKey(StreamingMessage message) => message.ContentCase switch
    {
        StreamingMessage.ContentOneofCase.WorkerInitRequest or StreamingMessage.ContentOneofCase.WorkerInitResponse => "init",
        StreamingMessage.ContentOneofCase.FunctionsMetadataRequest or StreamingMessage.ContentOneofCase.FunctionMetadataResponse => "metadata",
        StreamingMessage.ContentOneofCase.FunctionLoadRequest => "load:" + message.FunctionLoadRequest.FunctionId,
        StreamingMessage.ContentOneofCase.FunctionLoadResponse => "load:" + message.FunctionLoadResponse.FunctionId,
        StreamingMessage.ContentOneofCase.InvocationRequest => "invoke:" + message.InvocationRequest.InvocationId,
        StreamingMessage.ContentOneofCase.InvocationResponse => "invoke:" + message.InvocationResponse.InvocationId,
        _ => "other:" + message.ContentCase,
    };

    private static FunctionInvocationException Gone() => new("The worker went away before it answered.");
}
