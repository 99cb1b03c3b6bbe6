// One started worker, from its launch to its end: the handshake (init, metadata, one load per function) and its invocations.
using System.Text.Json.Nodes;
using Microsoft.Azure.WebJobs.Script.Grpc.Messages;

namespace MotCua.DevHost.Worker;

internal sealed class WorkerSession : IAsyncDisposable
{
    private static readonly TimeSpan ConnectTimeout = TimeSpan.FromSeconds(60);
    private static readonly TimeSpan TerminateGrace = TimeSpan.FromSeconds(5);
    private readonly WorkerConnection _connection;
    private readonly Dictionary<string, RpcFunctionMetadata> _functions;

    private readonly Uri? _httpUri;

    private WorkerSession(IWorkerProcess process, WorkerConnection connection, Uri? httpUri, Dictionary<string, RpcFunctionMetadata> functions)
    {
        Process = process;
        _connection = connection;
        _httpUri = httpUri;
        _functions = functions;
        Functions = [.. functions.Values.Select(f => new WorkerFunction(f.Name, f.FunctionId, [.. f.RawBindings.Select(raw => JsonNode.Parse(raw)!.AsObject())]))];
    }

    public IWorkerProcess Process { get; }

    /// <summary>The worker's own HTTP endpoint (ASP.NET Core integration), where HTTP requests are forwarded.</summary>
    public Uri HttpUri => _httpUri ?? throw new InvalidOperationException(
        "The worker reported no HttpUri: HTTP functions need ASP.NET Core integration (ConfigureFunctionsWebApplication).");

    /// <summary>Completes when the worker is gone: its process ended or its stream did.</summary>
    public Task Ended => Task.WhenAny(Process.Exited, _connection.Closed);

    /// <summary>The functions the worker reported and loaded, their bindings parsed.</summary>
    public IReadOnlyList<WorkerFunction> Functions { get; }

    public static async Task<WorkerSession> StartAsync(IWorkerLauncher launcher, WorkerStreams streams, Func<string, WorkerStartInfo> startInfo,
        ILogger logger, CancellationToken cancellationToken)
    {
        var workerId = Guid.NewGuid().ToString();
        var connecting = streams.ExpectAsync(workerId, cancellationToken);
        var start = startInfo(workerId);
        var process = await launcher.StartAsync(start, cancellationToken);
        logger.LogInformation("Worker started (pid {Pid})", process.ProcessId);
        try
        {
            var connection = await ConnectAsync(connecting, process);
            var httpUri = await InitAsync(connection, start.ApplicationDirectory, cancellationToken);
            var functions = await LoadAsync(connection, start.ApplicationDirectory, cancellationToken);
            if (httpUri is not null)
            {
                await WaitUntilListeningAsync(httpUri, cancellationToken);
            }

            return new WorkerSession(process, connection, httpUri, functions);
        }
        catch
        {
            streams.Forget(workerId);
            await process.DisposeAsync();
            throw;
        }
    }

    /// <summary>Runs one invocation; completes when the worker has answered.</summary>
    /// <exception cref="FunctionInvocationException">The function failed, or the worker went away first.</exception>
    public async Task InvokeAsync(WorkerFunction function, object trigger, IReadOnlyDictionary<string, object> triggerMetadata,
        string invocationId, CancellationToken cancellationToken)
    {
        var request = new InvocationRequest
        {
            InvocationId = invocationId,
            FunctionId = _functions.TryGetValue(function.Name, out var loaded) ? loaded.FunctionId : function.FunctionId,
            // The worker reads the trace context of every invocation; an empty one starts a new trace.
            TraceContext = new RpcTraceContext { TraceParent = System.Diagnostics.Activity.Current?.Id ?? "", TraceState = "" },
        };
        request.InputData.Add(new ParameterBinding { Name = function.TriggerName, Data = TypedDataConversion.ToTypedData(trigger) });
        foreach (var (key, value) in triggerMetadata)
        {
            request.TriggerMetadata[key] = TypedDataConversion.ToTypedData(value);
        }

        StreamingMessage answer;
        try
        {
            answer = await _connection.SendAsync(new StreamingMessage { InvocationRequest = request }, cancellationToken);
        }
        catch (OperationCanceledException) when (cancellationToken.IsCancellationRequested)
        {
            _connection.Post(new StreamingMessage { InvocationCancel = new InvocationCancel { InvocationId = invocationId } });
            throw;
        }

        if (answer.InvocationResponse.Result is { Status: not StatusResult.Types.Status.Success } result)
        {
            throw new FunctionInvocationException(Describe(result));
        }
    }

    /// <summary>Asks the worker to stop (WorkerTerminate), then ends its process if it has not stopped within a few seconds.</summary>
    public async ValueTask DisposeAsync()
    {
        _connection.Post(new StreamingMessage { WorkerTerminate = new WorkerTerminate { GracePeriod = Google.Protobuf.WellKnownTypes.Duration.FromTimeSpan(TerminateGrace) } });
        await Process.Exited.WaitAsync(TerminateGrace).ContinueWith(_ => { }, TaskScheduler.Default);
        await Process.DisposeAsync();
        _connection.Dispose();
    }

    private static async Task<WorkerConnection> ConnectAsync(Task<WorkerConnection> connecting, IWorkerProcess process)
    {
        var first = await Task.WhenAny(connecting, process.Exited).WaitAsync(ConnectTimeout);
        return first == connecting
            ? await connecting
            : throw new WorkerStartException("The worker exited before it connected to the host: its output above says why.");
    }

    /// <summary>The worker reports its HttpUri before its web server listens; a request forwarded before then is refused.</summary>
    private static async Task WaitUntilListeningAsync(Uri httpUri, CancellationToken cancellationToken)
    {
        using var timeout = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
        timeout.CancelAfter(ConnectTimeout);
        while (true)
        {
            try
            {
                using var probe = new System.Net.Sockets.TcpClient();
                await probe.ConnectAsync(httpUri.Host, httpUri.Port, timeout.Token);
                return;
            }
            catch (System.Net.Sockets.SocketException)
            {
                await Task.Delay(TimeSpan.FromMilliseconds(50), timeout.Token);
            }
        }
    }

    private static async Task<Uri?> InitAsync(WorkerConnection connection, string applicationDirectory, CancellationToken cancellationToken)
    {
        var init = new WorkerInitRequest
        {
            HostVersion = typeof(WorkerSession).Assembly.GetName().Version?.ToString() ?? "",
            WorkerDirectory = applicationDirectory,
            FunctionAppDirectory = applicationDirectory,
        };
        init.Capabilities["HandlesWorkerTerminateMessage"] = bool.TrueString;
        init.Capabilities["HandlesInvocationCancelMessage"] = bool.TrueString;
        var answer = (await connection.SendAsync(new StreamingMessage { WorkerInitRequest = init }, cancellationToken)).WorkerInitResponse;
        Ensure(answer.Result, "initialise");
        return answer.Capabilities.TryGetValue("HttpUri", out var httpUri) ? new Uri(httpUri) : null;
    }

    private static async Task<Dictionary<string, RpcFunctionMetadata>> LoadAsync(WorkerConnection connection, string applicationDirectory,
        CancellationToken cancellationToken)
    {
        var metadataRequest = new FunctionsMetadataRequest { FunctionAppDirectory = applicationDirectory };
        var metadata = (await connection.SendAsync(new StreamingMessage { FunctionsMetadataRequest = metadataRequest }, cancellationToken)).FunctionMetadataResponse;
        Ensure(metadata.Result, "report its functions");
        await Task.WhenAll(metadata.FunctionMetadataResults.Select(async function =>
        {
            var load = new FunctionLoadRequest { FunctionId = function.FunctionId, Metadata = function };
            var loaded = (await connection.SendAsync(new StreamingMessage { FunctionLoadRequest = load }, cancellationToken)).FunctionLoadResponse;
            Ensure(loaded.Result, $"load {function.Name}");
        }));
        return metadata.FunctionMetadataResults.ToDictionary(f => f.Name, StringComparer.OrdinalIgnoreCase);
    }

    /// <summary>The worker's exception as "type: message" (the type says what failed, e.g. FunctionInputConverterException).</summary>
    private static string Describe(StatusResult result) => result.Exception switch
    {
        { Type.Length: > 0 } exception => $"{exception.Type}: {exception.Message}",
        { Message.Length: > 0 } exception => exception.Message,
        _ => $"The invocation ended {result.Status}.",
    };

    private static void Ensure(StatusResult result, string step)
    {
        if (result.Status != StatusResult.Types.Status.Success)
        {
            throw new WorkerStartException($"The worker could not {step}: {result.Exception?.Message}");
        }
    }
}

/// <summary>A worker that stopped or failed before it had loaded its functions (a setting it refuses stops it there).</summary>
internal sealed class WorkerStartException(string message) : InvalidOperationException(message);
