// Queue and timer invocations in their own span and in the duration histogram (HTTP functions have ASP.NET Core's),
// with OpenTelemetry's FaaS tags: the span a webhook or storage call made by the function nests under.
using System.Diagnostics;
using Microsoft.Azure.Functions.Worker;
using Microsoft.Azure.Functions.Worker.Middleware;

namespace MotCua.Hosting;

internal sealed class InvocationTelemetry : IFunctionsWorkerMiddleware
{
    public async Task Invoke(FunctionContext context, FunctionExecutionDelegate next)
    {
        var trigger = context.FunctionDefinition.InputBindings.Values.FirstOrDefault(binding => binding.Type.EndsWith("Trigger", StringComparison.Ordinal))?.Type;
        if (trigger is null or "httpTrigger")
        {
            await next(context);
            return;
        }

        var name = context.FunctionDefinition.Name;
        using var activity = Telemetry.Source.StartActivity(name, ActivityKind.Consumer);
        activity?.SetTag("faas.trigger", trigger == "timerTrigger" ? "timer" : "pubsub");
        activity?.SetTag("faas.invocation_id", context.InvocationId);
        // Wall time, not the app's TimeProvider: tests move that clock.
        var started = TimeProvider.System.GetTimestamp();
        try
        {
            await next(context);
        }
        catch (Exception ex)
        {
            activity?.SetStatus(ActivityStatusCode.Error, ex.GetType().Name);
            Record(name, "failed", TimeProvider.System.GetElapsedTime(started).TotalMilliseconds);
            throw;
        }

        Record(name, "succeeded", TimeProvider.System.GetElapsedTime(started).TotalMilliseconds);
    }

    private static void Record(string name, string outcome, double durationMs) =>
        Telemetry.InvocationDuration.Record(durationMs,
            new KeyValuePair<string, object?>("faas.name", name), new KeyValuePair<string, object?>("outcome", outcome));
}
