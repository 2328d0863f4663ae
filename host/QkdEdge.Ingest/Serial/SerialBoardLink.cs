using System.IO.Ports;

namespace QkdEdge.Ingest.Serial;

/// <summary>
/// The thin edge: opens a real serial port with System.IO.Ports (8N1, no handshake, timeouts set)
/// and runs a <see cref="BoardSession"/> over its stream. Everything else is in the pure core.
/// </summary>
public sealed class SerialBoardLink : IDisposable
{
    private readonly SerialPort _port;

    private SerialBoardLink(SerialPort port, BoardSession session)
    {
        _port = port;
        Session = session;
    }

    public BoardSession Session { get; }

    public string PortName => _port.PortName;

    /// <summary>Opens the port; failures become a <see cref="WireSessionException"/> that says what is wrong.</summary>
    public static SerialBoardLink Open(SerialLinkSettings settings)
    {
        ArgumentNullException.ThrowIfNull(settings);
        ArgumentException.ThrowIfNullOrWhiteSpace(settings.PortName, nameof(settings));
        ArgumentOutOfRangeException.ThrowIfNegativeOrZero(settings.BaudRate, nameof(settings));

        var port = new SerialPort(settings.PortName, settings.BaudRate, Parity.None, 8, StopBits.One)
        {
            Handshake = Handshake.None,
            ReadTimeout = (int)settings.ReadTimeout.TotalMilliseconds,
            WriteTimeout = (int)settings.WriteTimeout.TotalMilliseconds,
            ReadBufferSize = settings.ReadBufferSize,
        };
        try
        {
            port.Open();
        }
        catch (Exception ex) when (ex is UnauthorizedAccessException or IOException or ArgumentException or InvalidOperationException)
        {
            port.Dispose();
            throw SerialPortErrors.Describe(settings.PortName, ex, PortExists(settings.PortName), SerialPort.GetPortNames());
        }

        return new SerialBoardLink(port, new BoardSession(port.BaseStream, settings.Reader));
    }

    public void Dispose() => _port.Dispose();

    private static bool PortExists(string portName) =>
        OperatingSystem.IsWindows()
            ? SerialPort.GetPortNames().Contains(portName, StringComparer.OrdinalIgnoreCase)
            : File.Exists(portName);
}
