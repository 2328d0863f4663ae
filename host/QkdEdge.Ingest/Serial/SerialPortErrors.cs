namespace QkdEdge.Ingest.Serial;

/// <summary>
/// Turns the exceptions of <see cref="System.IO.Ports.SerialPort.Open"/> into a clear
/// <see cref="WireSessionException"/>. On Linux every open failure is an UnauthorizedAccessException
/// whose inner IOException holds the system's message, so existence is checked separately.
/// </summary>
public static class SerialPortErrors
{
    public static WireSessionException Describe(string portName, Exception exception, bool portExists, IReadOnlyList<string> availablePorts)
    {
        ArgumentNullException.ThrowIfNull(exception);
        string available = availablePorts.Count == 0 ? "none found" : string.Join(", ", availablePorts);
        if (!portExists)
            return new WireSessionException(WireSessionFailure.PortNotFound,
                $"Serial port {portName} does not exist (available: {available}).", exception);

        string inner = exception.InnerException?.Message ?? exception.Message;
        if (exception is UnauthorizedAccessException && inner.Contains("Permission denied", StringComparison.OrdinalIgnoreCase))
            return new WireSessionException(WireSessionFailure.PortAccessDenied,
                $"Permission denied on serial port {portName}. On Linux, add the user to the group that owns it (often 'dialout') and log in again.", exception);

        if (inner.Contains("Inappropriate ioctl", StringComparison.OrdinalIgnoreCase))
            return new WireSessionException(WireSessionFailure.PortOpenFailed,
                $"{portName} is not a serial device (available ports: {available}).", exception);

        return new WireSessionException(WireSessionFailure.PortOpenFailed,
            $"Could not open serial port {portName}: {inner} (is another program using it?).", exception);
    }
}
