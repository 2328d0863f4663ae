namespace QkdEdge.Station.Peer;

/// <summary>Opens transports to the other station. Each call is one attempt.</summary>
public interface IPeerConnector : IAsyncDisposable
{
    /// <summary>Where the peer is reached (or where this station listens), for status and logs.</summary>
    string Description { get; }

    /// <summary>A connected transport, and whether this end dialled (the dialling end opens the session handshake).</summary>
    Task<PeerTransport> ConnectAsync(CancellationToken cancellationToken);
}

/// <summary>A connected byte stream to the peer.</summary>
public sealed record PeerTransport(Stream Stream, bool Dialled);
