// Citizens submitting dossiers and looking them up from many concurrent workers, every answer recorded with its
// status and how long it took, so that a test can assert on each of them and print the figures.
using System.Collections.Concurrent;
using System.Globalization;
using System.Net;
using System.Text.Json.Nodes;
using Xunit.Abstractions;
using MotCua.Tests.Infrastructure;

namespace MotCua.Tests.Reliability;

/// <param name="Portal">Which of the load's portals answered (its index).</param>
/// <param name="StartedAt">Since the load started.</param>
/// <param name="Status">Null when no answer came (connection failure, client timeout); <paramref name="Error"/> says which.</param>
internal sealed record Answer(string Operation, int Portal, TimeSpan StartedAt, TimeSpan Duration, int? Status, string? MediaType,
    TimeSpan? RetryAfter, string? Error)
{
    public TimeSpan EndedAt => StartedAt + Duration;
}

/// <param name="Portal">Which of the load's portals accepted it (its index).</param>
internal sealed record AcceptedDossier(string Id, string AccessKey, int Portal);

internal sealed class CitizenLoad : IAsyncDisposable
{
    public const string Submit = "submit";
    public const string Lookup = "lookup";

    private readonly IReadOnlyList<HttpClient> _portals;
    private readonly int _concurrency;
    private readonly int _submissionLimit;
    private readonly ConcurrentQueue<Answer> _answers = new();
    private readonly List<AcceptedDossier> _accepted = [];
    private readonly Lock _acceptedLock = new();
    private readonly CancellationTokenSource _stop = new();
    private readonly long _started = TimeProvider.System.GetTimestamp();
    private int _submissions;

    private CitizenLoad(IReadOnlyList<HttpClient> portals, int concurrency, bool lookups, int? submissions)
    {
        _portals = portals;
        _concurrency = concurrency;
        _submissionLimit = submissions ?? int.MaxValue;
        Completion = Task.WhenAll(Enumerable.Range(0, concurrency).Select(worker => Task.Run(() => WorkAsync(worker, lookups))));
    }

    /// <summary>
    /// Starts <paramref name="concurrency"/> workers, worker w talking to <c>portals[w % portals.Count]</c>: each submits
    /// a dossier and then, with <paramref name="lookups"/>, looks up one accepted so far, again and again until
    /// <see cref="StopAsync"/>, or until <paramref name="submissions"/> dossiers have been submitted in all.
    /// </summary>
    public static CitizenLoad Start(IReadOnlyList<HttpClient> portals, int concurrency, bool lookups = true, int? submissions = null) =>
        new(portals, concurrency, lookups, submissions);

    /// <summary>Since the load started.</summary>
    public TimeSpan Elapsed => TimeProvider.System.GetElapsedTime(_started);

    /// <summary>Ends when every worker has: after <see cref="StopAsync"/>, or once the given number of submissions is sent.</summary>
    public Task Completion { get; }

    public IReadOnlyList<Answer> Answers => [.. _answers];

    public IReadOnlyList<AcceptedDossier> Accepted
    {
        get
        {
            lock (_acceptedLock)
            {
                return [.. _accepted];
            }
        }
    }

    /// <summary>Lets each worker finish the request it is waiting for, then ends the load.</summary>
    public async Task StopAsync()
    {
        await _stop.CancelAsync();
        await Completion;
    }

    public async ValueTask DisposeAsync()
    {
        await StopAsync();
        _stop.Dispose();
    }

    /// <summary>Requests, their statuses, throughput and latencies, per operation.</summary>
    public void Report(ITestOutputHelper output)
    {
        var answers = Answers;
        var span = answers.Count == 0 ? TimeSpan.Zero : answers.Max(a => a.EndedAt) - answers.Min(a => a.StartedAt);
        output.WriteLine(string.Create(CultureInfo.InvariantCulture,
            $"{answers.Count} requests in {span.TotalSeconds:F1} s ({answers.Count / Math.Max(span.TotalSeconds, 0.001):F1}/s) from {_concurrency} workers; {Accepted.Count} dossiers accepted"));
        foreach (var operation in answers.GroupBy(a => a.Operation))
        {
            var statuses = string.Join(", ", operation.GroupBy(a => a.Status?.ToString(CultureInfo.InvariantCulture) ?? "no answer")
                .OrderBy(g => g.Key, StringComparer.Ordinal).Select(g => $"{g.Key}: {g.Count()}"));
            var milliseconds = operation.Select(a => a.Duration.TotalMilliseconds).Order().ToList();
            output.WriteLine(string.Create(CultureInfo.InvariantCulture,
                $"  {operation.Key}: {milliseconds.Count} ({statuses}); p50 {Percentile(milliseconds, 0.50):F0} ms, p95 {Percentile(milliseconds, 0.95):F0} ms, max {milliseconds[^1]:F0} ms"));
        }

        foreach (var error in answers.Where(a => a.Error is not null).GroupBy(a => a.Error).Take(5))
        {
            output.WriteLine($"  {error.Count()} × {error.Key}");
        }
    }

    private static double Percentile(List<double> sorted, double fraction) => sorted[(int)Math.Ceiling(fraction * sorted.Count) - 1];

    private async Task WorkAsync(int worker, bool lookups)
    {
        var portal = worker % _portals.Count;
        var random = new Random(worker);
        while (!_stop.IsCancellationRequested && Interlocked.Increment(ref _submissions) <= _submissionLimit)
        {
            var receipt = await RecordAsync(Submit, portal, PortalHttp.Request(HttpMethod.Post, "/api/dossiers", Samples.ElectricityPayment()));
            if (receipt is not null)
            {
                lock (_acceptedLock)
                {
                    _accepted.Add(new AcceptedDossier(receipt["id"]!.GetValue<string>(), receipt["accessKey"]!.GetValue<string>(), portal));
                }
            }

            if (lookups && !_stop.IsCancellationRequested && Pick(random) is { } dossier)
            {
                await RecordAsync(Lookup, portal, PortalHttp.Request(HttpMethod.Get, $"/api/dossiers/{dossier.Id}", accessKey: dossier.AccessKey));
            }
        }
    }

    private AcceptedDossier? Pick(Random random)
    {
        lock (_acceptedLock)
        {
            return _accepted.Count == 0 ? null : _accepted[random.Next(_accepted.Count)];
        }
    }

    /// <summary>Sends <paramref name="request"/> and records its answer, or why none came, with how long it took.</summary>
    /// <returns>The body of a 201, else null.</returns>
    private async Task<JsonNode?> RecordAsync(string operation, int portal, HttpRequestMessage request)
    {
        var startedAt = Elapsed;
        using (request)
        {
            try
            {
                // Never cancelled by the stop: the answer to a request already sent is part of the record.
                using var response = await _portals[portal].SendAsync(request, CancellationToken.None);
                var body = await response.Content.ReadAsStringAsync(CancellationToken.None);
                _answers.Enqueue(new Answer(operation, portal, startedAt, Elapsed - startedAt, (int)response.StatusCode,
                    response.Content.Headers.ContentType?.MediaType, response.Headers.RetryAfter?.Delta, null));
                return response.StatusCode == HttpStatusCode.Created ? JsonNode.Parse(body) : null;
            }
            catch (Exception ex) when (ex is HttpRequestException or TaskCanceledException)
            {
                _answers.Enqueue(new Answer(operation, portal, startedAt, Elapsed - startedAt, null, null, null, $"{ex.GetType().Name}: {ex.Message}"));
                return null;
            }
        }
    }
}
