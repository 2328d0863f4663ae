using QkdEdge.Ingest;

namespace QkdEdge.Station.Board;

/// <summary>Opens the link to the station's board. Each call is one attempt; failures throw (see <see cref="BoardLinkException"/>).</summary>
public interface IBoardConnector
{
    /// <summary>What the link is, for status and logs (a port name).</summary>
    string Description { get; }

    IBoardConnection Connect();
}

/// <summary>An open link: a board session over it; disposing closes the link.</summary>
public interface IBoardConnection : IDisposable
{
    BoardSession Session { get; }

    /// <summary>
    /// Makes a read blocked in the session return or fail promptly (a serial port's reads time out by
    /// themselves; an in-process stream must be closed). Called when the station stops.
    /// </summary>
    void Interrupt();
}
