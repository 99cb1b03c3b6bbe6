using System.Collections.Concurrent;
using Azure.Core;
using Azure.Core.Pipeline;
using Azure.Data.Tables;

namespace MotCua.Tests.Infrastructure;

/// <summary>Records each request of a Table service client, to pin what an operation costs in storage calls.</summary>
internal sealed class StorageRequestLog : HttpPipelinePolicy
{
    private readonly ConcurrentQueue<Uri> _requests = new();

    /// <summary>A table client for the app, recording every request it makes (each retry too).</summary>
    public TableServiceClient Client(string connectionString)
    {
        var options = new TableClientOptions();
        options.AddPolicy(this, HttpPipelinePosition.PerRetry);
        return new TableServiceClient(connectionString, options);
    }

    public IEnumerable<Uri> Requests => _requests;

    /// <summary>The tables requested while <paramref name="action"/> ran.</summary>
    public async Task<List<string>> TablesDuringAsync(Func<Task> action)
    {
        var before = _requests.Count;
        await action();
        return [.. _requests.Skip(before).Select(TableOf)];
    }

    /// <summary><c>/devstoreaccount1/Indexes()?$filter=…</c> → <c>Indexes</c>.</summary>
    public static string TableOf(Uri request)
    {
        var path = request.AbsolutePath;
        return path[(path.IndexOf('/', 1) + 1)..].Split('(')[0];
    }

    /// <summary>Whether the request queries a table (<c>Table()?$filter=…</c>) rather than naming one row.</summary>
    public static bool IsQuery(Uri request) => request.AbsolutePath.EndsWith("()", StringComparison.Ordinal);

    public override void Process(HttpMessage message, ReadOnlyMemory<HttpPipelinePolicy> pipeline)
    {
        _requests.Enqueue(message.Request.Uri.ToUri());
        ProcessNext(message, pipeline);
    }

    public override ValueTask ProcessAsync(HttpMessage message, ReadOnlyMemory<HttpPipelinePolicy> pipeline)
    {
        _requests.Enqueue(message.Request.Uri.ToUri());
        return ProcessNextAsync(message, pipeline);
    }
}
