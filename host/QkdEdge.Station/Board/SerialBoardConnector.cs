using QkdEdge.Ingest;
using QkdEdge.Ingest.Serial;

namespace QkdEdge.Station.Board;

/// <summary>The production link: a serial port through System.IO.Ports (reads time out every 100 ms).</summary>
public sealed class SerialBoardConnector : IBoardConnector
{
    private readonly SerialLinkSettings _settings;

    public SerialBoardConnector(string portName, int baudRate)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(portName);
        _settings = new SerialLinkSettings(portName, baudRate);
    }

    public string Description => _settings.PortName;

    public IBoardConnection Connect() => new Connection(SerialBoardLink.Open(_settings));

    private sealed class Connection(SerialBoardLink link) : IBoardConnection
    {
        public BoardSession Session => link.Session;

        // The port's read timeout returns control to the ingest loop within 100 ms; nothing to do.
        public void Interrupt()
        {
        }

        public void Dispose() => link.Dispose();
    }
}
