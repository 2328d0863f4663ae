using System.Threading.Channels;
using QkdEdge.Peer.Transport;
using QkdEdge.Station.Peer;

namespace QkdEdge.Station.Tests.Support;

/// <summary>
/// The two stations' TCP link, in memory: Bob's end dials, Alice's end accepts, and <see cref="Break"/> cuts
/// every open connection the way a restarted peer process or a pulled network cable does.
/// </summary>
internal sealed class InMemoryPeerLink
{
    private readonly Channel<Stream> _dialled = Channel.CreateUnbounded<Stream>();
    private readonly List<Stream> _open = [];
    private int _connections;

    public InMemoryPeerLink()
    {
        Listener = new End(this, dials: false);
        Dialler = new End(this, dials: true);
    }

    public IPeerConnector Listener { get; }

    public IPeerConnector Dialler { get; }

    /// <summary>Connections Bob has dialled.</summary>
    public int Connections => Volatile.Read(ref _connections);

    public void Break()
    {
        Stream[] open;
        lock (_open)
        {
            open = [.. _open];
            _open.Clear();
        }

        foreach (var stream in open)
            stream.Dispose();
    }

    private sealed class End(InMemoryPeerLink link, bool dials) : IPeerConnector
    {
        public string Description => dials ? "in-memory peer (dialling)" : "in-memory peer (accepting)";

        public async Task<PeerTransport> ConnectAsync(CancellationToken cancellationToken)
        {
            if (!dials)
                return new PeerTransport(await link._dialled.Reader.ReadAsync(cancellationToken), Dialled: false);
            var (accepting, dialling) = InMemoryTransport.CreatePair();
            lock (link._open)
            {
                link._open.Add(accepting);
                link._open.Add(dialling);
            }

            Interlocked.Increment(ref link._connections);
            link._dialled.Writer.TryWrite(accepting);
            return new PeerTransport(dialling, Dialled: true);
        }

        public ValueTask DisposeAsync() => ValueTask.CompletedTask;
    }
}
