using Microsoft.Extensions.Logging;
using QkdEdge.Station.Status;

namespace QkdEdge.Cli.Status;

/// <summary>
/// Puts what a component beside the station logs (the key delivery server) into the station's own log,
/// so refused requests show in the live view and the plain log lines like the station's own events.
/// Information and above only: the web server's debug chatter is not an operator's concern.
/// </summary>
internal sealed class StatusLoggerProvider(StatusTracker status, string prefix) : ILoggerProvider
{
    public ILogger CreateLogger(string categoryName) => new Logger(status, prefix);

    public void Dispose()
    {
    }

    private sealed class Logger(StatusTracker status, string prefix) : ILogger
    {
        public IDisposable? BeginScope<TState>(TState state)
            where TState : notnull => null;

        public bool IsEnabled(LogLevel logLevel) => logLevel is >= LogLevel.Information and < LogLevel.None;

        public void Log<TState>(LogLevel logLevel, EventId eventId, TState state, Exception? exception, Func<TState, Exception?, string> formatter)
        {
            if (!IsEnabled(logLevel))
                return;
            var level = logLevel switch
            {
                LogLevel.Information => StationLogLevel.Info,
                LogLevel.Warning => StationLogLevel.Warning,
                _ => StationLogLevel.Error,
            };
            string message = formatter(state, exception);
            status.Log(level, exception is null ? $"{prefix}{message}" : $"{prefix}{message}: {exception.Message}");
        }
    }
}
