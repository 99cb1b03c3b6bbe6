// Every storage request the app's worker makes, by the function that made it: the worker runs in this process with its
// three service clients replaced by the same clients plus a recording policy. A queue or timer function's requests are
// the ones made under its invocation span (InvocationTelemetry's activity on the "MotCua" source, which this listener
// turns on); the rest were made by an HTTP function. The host's own requests (the queue trigger's dequeue and delete,
// timer leases) are not the app's and not counted.
using System.Collections.Concurrent;
using System.Diagnostics;
using Azure.Core;
using Azure.Core.Pipeline;
using Azure.Data.Tables;
using Azure.Storage.Blobs;
using Azure.Storage.Queues;
using Microsoft.Extensions.DependencyInjection;
using MotCua.Hosting;
using MotCua.Storage;

namespace MotCua.Bench;

/// <param name="Function">The queue or timer function that made it, or <see cref="StorageRequests.Http"/>.</param>
/// <param name="Kind">The service and what was asked of it, e.g. <c>table query</c> or <c>queue POST</c>.</param>
internal sealed record StorageRequest(string Function, string Kind);

internal sealed class StorageRequests : IDisposable
{
    public const string Http = "http";

    private readonly ConcurrentQueue<StorageRequest> _requests = new();
    private readonly ActivityListener _spans = new()
    {
        ShouldListenTo = source => source.Name == Telemetry.Name,
        Sample = (ref ActivityCreationOptions<ActivityContext> _) => ActivitySamplingResult.AllData,
    };

    public StorageRequests() => ActivitySource.AddActivityListener(_spans);

    public int Count => _requests.Count;

    /// <summary>Replaces the worker's table, blob and queue clients with recording ones, with the app's own options.</summary>
    public void Record(IServiceCollection services, string connectionString)
    {
        services.AddSingleton(new TableServiceClient(connectionString, Recording(StorageAccount.WithRetry(new TableClientOptions()), "table")));
        services.AddSingleton(new BlobServiceClient(connectionString, Recording(StorageAccount.WithRetry(new BlobClientOptions()), "blob")));
        services.AddSingleton(new QueueServiceClient(connectionString,
            Recording(StorageAccount.WithRetry(new QueueClientOptions { MessageEncoding = QueueMessageEncoding.Base64 }), "queue")));
    }

    /// <summary>The requests made from the <paramref name="from"/>th on.</summary>
    public List<StorageRequest> Since(int from) => [.. _requests.Skip(from)];

    /// <summary>Waits until no request has been made for <paramref name="quiet"/>.</summary>
    public async Task SettleAsync(TimeSpan quiet)
    {
        for (var seen = -1; seen != Count;)
        {
            seen = Count;
            await Task.Delay(quiet);
        }
    }

    public void Dispose() => _spans.Dispose();

    private T Recording<T>(T options, string service) where T : ClientOptions
    {
        options.AddPolicy(new Recorder(this, service), HttpPipelinePosition.PerRetry);
        return options;
    }

    private static string FunctionOf(Activity? span)
    {
        for (; span is not null; span = span.Parent)
        {
            if (span.Source.Name == Telemetry.Name)
            {
                return span.OperationName;
            }
        }

        return Http;
    }

    /// <summary>A table request names one row (<c>Table(PartitionKey=…,RowKey=…)</c>) or queries (<c>Table()</c>).</summary>
    private static string KindOf(string service, Request request)
    {
        var path = request.Uri.Path;
        return service == "table" && request.Method == RequestMethod.Get
            ? path.EndsWith("()", StringComparison.Ordinal) ? "table query" : "table read"
            : $"{service} {request.Method}{(path.EndsWith("$batch", StringComparison.Ordinal) ? " $batch" : "")}";
    }

    private sealed class Recorder(StorageRequests log, string service) : HttpPipelineSynchronousPolicy
    {
        public override void OnSendingRequest(HttpMessage message) =>
            log._requests.Enqueue(new StorageRequest(FunctionOf(Activity.Current), KindOf(service, message.Request)));
    }
}
