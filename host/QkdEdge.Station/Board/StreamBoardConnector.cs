using QkdEdge.Ingest;

namespace QkdEdge.Station.Board;

/// <summary>
/// A board reached through a stream the caller supplies on each attempt: an emulated board in the same
/// process, or a test double. Such streams have no read timeout, so <see cref="IBoardConnection.Interrupt"/>
/// closes the stream to release a blocked read.
/// </summary>
public sealed class StreamBoardConnector : IBoardConnector
{
    private readonly Func<Stream> _open;

    public StreamBoardConnector(string description, Func<Stream> open)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(description);
        ArgumentNullException.ThrowIfNull(open);
        Description = description;
        _open = open;
    }

    public string Description { get; }

    public IBoardConnection Connect() => new Connection(_open());

    private sealed class Connection(Stream stream) : IBoardConnection
    {
        public BoardSession Session { get; } = new(stream);

        public void Interrupt() => stream.Dispose();

        public void Dispose() => stream.Dispose();
    }
}
