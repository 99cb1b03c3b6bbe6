// The worker's log lines (RpcLog) written to the DevHost's logging under the worker's own category, as the host does:
// the worker has no console logger, so this is where the app's logs appear.
using Microsoft.Azure.WebJobs.Script.Grpc.Messages;

namespace MotCua.DevHost.Worker;

internal sealed class WorkerLog(ILoggerFactory loggers)
{
    public void Write(RpcLog log)
    {
        if (log.LogCategory == RpcLog.Types.RpcLogCategory.CustomMetric)
        {
            return;
        }

        var logger = loggers.CreateLogger(log.Category is { Length: > 0 } category ? category : "Worker");
        var level = Level(log.Level);
        if (!logger.IsEnabled(level))
        {
            return;
        }

        // The worker sends the message already formatted and the exception as text (its ToString()).
        if (log.Exception is { Message.Length: > 0 } exception)
        {
            logger.Log(level, "{Message}{NewLine}{Exception}", log.Message, Environment.NewLine, exception.Message);
        }
        else
        {
            logger.Log(level, "{Message}", log.Message);
        }
    }

    private static LogLevel Level(RpcLog.Types.Level level) => level switch
    {
        RpcLog.Types.Level.Trace => LogLevel.Trace,
        RpcLog.Types.Level.Debug => LogLevel.Debug,
        RpcLog.Types.Level.Information => LogLevel.Information,
        RpcLog.Types.Level.Warning => LogLevel.Warning,
        RpcLog.Types.Level.Error => LogLevel.Error,
        RpcLog.Types.Level.Critical => LogLevel.Critical,
        _ => LogLevel.None,
    };
}
