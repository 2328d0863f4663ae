using QkdEdge.KeyStore;
using QkdEdge.Protocol.Description;
using QkdEdge.Protocol.Engine;
using QkdEdge.Protocol.Reconciliation;
using QkdEdge.Station;
using QkdEdge.Station.Board;
using QkdEdge.Station.Configuration;
using QkdEdge.Station.Lifecycle;
using QkdEdge.Station.Peer;
using QkdEdge.Station.Pipeline;
using QkdEdge.Station.Planning;

namespace QkdEdge.Reliability.Tests.Stations;

/// <summary>
/// Starts Alice's and Bob's real station hosts on their data folders after a crash, over loopback TCP with
/// their authentication key pools, and lets them do what a station does at start: open the key store and the
/// pool, bring the peer session up, and settle every key left staged (SessionSettlement) before any block.
/// No board is attached (the board link keeps retrying), so no block runs; once both stores hold no staged key
/// and both peer links are up, the stations are stopped cleanly.
/// </summary>
internal static class StationRestart
{
    private static readonly TimeSpan SettleLimit = TimeSpan.FromSeconds(60);

    public static StationOptions Options(StationRole role, string dataDirectory, string preSharedKey, BlockPlan plan) => new()
    {
        Role = role,
        DataDirectory = dataDirectory,
        Board = new BoardLinkOptions { PortName = "none", RoundPeriodTicks = 1000, GateWidthTicks = 100 },
        Peer = new PeerLinkOptions { Mode = PeerConnectMode.Listen, Host = "127.0.0.1", Port = 0, PreSharedKeyPath = preSharedKey },
        Protocol = new ProtocolOptions { ExpectedChsh = plan.Engine.ExpectedChsh, ExpectedErrorRate = plan.Engine.ExpectedErrorRate },
    };

    /// <summary>Runs both stations until they have settled; returns what each reported if it failed.</summary>
    public static async Task<string?> SettleAsync(StationOptions alice, StationOptions bob, BlockPlan plan)
    {
        var alicePeer = new TcpPeerConnector(alice.Peer with { Mode = PeerConnectMode.Listen, Port = 0 });
        int port = alicePeer.StartListening();
        var bobPeer = new TcpPeerConnector(bob.Peer with { Mode = PeerConnectMode.Connect, Port = port });
        var engine = ProtocolBlockEngine.Factory(Protocols.ChshVaziraniVidick, () => new LdpcReconciliation());
        var aliceHost = new StationHost(alice with { Peer = alice.Peer with { Port = port } }, plan,
            new StationParts { Board = new NoBoard(), Peer = alicePeer, Engine = engine });
        var bobHost = new StationHost(bob with { Peer = bob.Peer with { Mode = PeerConnectMode.Connect, Port = port } }, plan,
            new StationParts { Board = new NoBoard(), Peer = bobPeer, Engine = engine });
        using var stop = new CancellationTokenSource();
        var runs = new[] { aliceHost.RunAsync(stop.Token), bobHost.RunAsync(stop.Token) };
        using var limit = new CancellationTokenSource(SettleLimit);
        string? failure = null;
        try
        {
            while (!(Up(aliceHost) && Up(bobHost) && NothingStaged(alice.KeyStorePath) && NothingStaged(bob.KeyStorePath)))
            {
                if (runs.Any(r => r.IsCompleted))
                    break;
                await Task.Delay(20, limit.Token);
            }
        }
        catch (OperationCanceledException)
        {
            failure = $"the stations did not settle within {SettleLimit.TotalSeconds:0} s";
        }

        stop.Cancel();
        var results = await Task.WhenAll(runs);
        return failure ?? results.Select(r => r.Failed ? r.Reason : null).FirstOrDefault(r => r is not null);
    }

    private static bool Up(StationHost host) => host.Status.Snapshot().Peer.Link == LinkPhase.Up;

    private static bool NothingStaged(string path)
    {
        using var store = SqliteKeyStore.Open(path);
        return store.StagedBlocks().Count == 0;
    }

    /// <summary>A board link with nothing at the other end: every attempt fails and is retried.</summary>
    private sealed class NoBoard : IBoardConnector
    {
        public string Description => "no board";

        public IBoardConnection Connect() => throw new IOException("no board attached");
    }
}
