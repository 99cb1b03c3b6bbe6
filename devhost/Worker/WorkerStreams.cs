// The host's gRPC service: each worker opens one EventStream and names itself in StartStream; the stream is handed to
// whoever started a worker with that id.
using System.Collections.Concurrent;
using Grpc.Core;
using Microsoft.Azure.WebJobs.Script.Grpc.Messages;

namespace MotCua.DevHost.Worker;

internal sealed class WorkerStreams(WorkerLog log, ILogger<WorkerStreams> logger) : FunctionRpc.FunctionRpcBase
{
    private readonly ConcurrentDictionary<string, TaskCompletionSource<WorkerConnection>> _expected = new();

    /// <summary>Completes when the worker started with <paramref name="workerId"/> opens its stream.</summary>
    public Task<WorkerConnection> ExpectAsync(string workerId, CancellationToken cancellationToken)
    {
        var connection = _expected.GetOrAdd(workerId, _ => new(TaskCreationOptions.RunContinuationsAsynchronously));
        return connection.Task.WaitAsync(cancellationToken);
    }

    public void Forget(string workerId) => _expected.TryRemove(workerId, out _);

    public override async Task EventStream(IAsyncStreamReader<StreamingMessage> requestStream, IServerStreamWriter<StreamingMessage> responseStream,
        ServerCallContext context)
    {
        if (!await requestStream.MoveNext(context.CancellationToken) || requestStream.Current.StartStream is not { } start)
        {
            return;
        }

        if (!_expected.TryRemove(start.WorkerId, out var expected))
        {
            logger.LogWarning("A worker with unknown id {WorkerId} connected; ignored", start.WorkerId);
            return;
        }

        var connection = new WorkerConnection(requestStream, responseStream, log);
        expected.TrySetResult(connection);
        await connection.RunAsync(context.CancellationToken);
    }
}
