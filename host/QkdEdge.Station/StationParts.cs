using QkdEdge.KeyStore;
using QkdEdge.Station.Board;
using QkdEdge.Station.Peer;
using QkdEdge.Station.Pipeline;
using QkdEdge.Station.Planning;
using QkdEdge.Telemetry;

namespace QkdEdge.Station;

/// <summary>
/// The edges a station runs on, replaceable for tests and the in-process demo: how the board and the peer
/// are reached, which engine runs blocks, and where metrics go.
/// </summary>
public sealed record StationParts
{
    public required IBoardConnector Board { get; init; }

    public required IPeerConnector Peer { get; init; }

    /// <summary>Builds the block engine over the station's key store.</summary>
    public required Func<SqliteKeyStore, BlockPlan, IBlockEngine> Engine { get; init; }

    public StationMetrics? Metrics { get; init; }

    public TimeProvider Time { get; init; } = TimeProvider.System;

    /// <summary>
    /// How long a stop waits for the block under way to finish, and for the board to confirm Stop, before
    /// cutting them short. A block's protocol exchange takes seconds; a minute leaves room for a slow peer.
    /// </summary>
    public TimeSpan StopGrace { get; init; } = TimeSpan.FromSeconds(60);
}
