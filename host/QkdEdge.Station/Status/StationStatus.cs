using QkdEdge.Protocol.Engine;
using QkdEdge.Station.Lifecycle;
using QkdEdge.Telemetry;

namespace QkdEdge.Station.Status;

/// <summary>A consistent snapshot of everything the live status view shows. Immutable.</summary>
public sealed record StationStatus
{
    public required StationRole Role { get; init; }
    public required StationPhase Phase { get; init; }
    public required DateTimeOffset At { get; init; }
    public required BoardStatus Board { get; init; }
    public required PeerStatus Peer { get; init; }
    public required PlanStatus Plan { get; init; }

    /// <summary>The block whose rounds are arriving now, if any.</summary>
    public BlockProgress? Collecting { get; init; }

    /// <summary>The block being aligned or run with the peer, if any.</summary>
    public BlockActivity? Processing { get; init; }

    /// <summary>The last block that finished (key or abort).</summary>
    public BlockSummary? LastBlock { get; init; }

    public required StationTotals Totals { get; init; }

    /// <summary>Why the station failed, when it did.</summary>
    public string? Failure { get; init; }
}

/// <summary>The serial link and what the frame reader counted over every connection.</summary>
public sealed record BoardStatus(
    LinkPhase Link,
    string Port,
    string? Firmware,
    long Frames,
    long Resyncs,
    long SequenceGaps,
    long RoundsLost,
    long BoardResets,
    int Reconnects,
    RngHealth Rng,
    long RngAlarms,
    string? LastError);

/// <summary>The peer session and its authentication key pool.</summary>
public sealed record PeerStatus(
    LinkPhase Link,
    string Endpoint,
    int Reconnects,
    long FramesSent,
    long FramesReceived,
    long AuthBitsAvailableOut,
    long AuthBitsAvailableIn,
    long AuthBitsSpent,
    long AuthBitsDeposited,
    string? LastError);

/// <summary>The planned block: size, test fraction, expected key and the abort threshold on S.</summary>
public sealed record PlanStatus(long BlockRounds, double TestFraction, long ExpectedKeyBits, double ChshAbortThreshold, double ExpectedChsh, double ExpectedErrorRate);

/// <summary>Rounds of the open block so far, with the rate they arrive at and the time left to the block's end.</summary>
public sealed record BlockProgress(long BlockIndex, long RoundsCollected, long BlockRounds, double RoundsPerSecond, TimeSpan? Remaining)
{
    public double Fraction => BlockRounds <= 0 ? 0 : Math.Clamp((double)RoundsCollected / BlockRounds, 0, 1);
}

/// <summary>What the block pipeline is doing with a cut block.</summary>
public sealed record BlockActivity(long BlockId, string Stage, DateTimeOffset Since);

/// <summary>
/// One finished block. S and its interval are the engine's (the interval at the analysis' confidence);
/// the threshold is the S below which the block aborts; the margin is their difference.
/// </summary>
/// <param name="LeakedBits">Every bit the block disclosed about the raw key (revealed outputs, syndromes, tags).</param>
/// <param name="CollectionTime">From the block's first round reaching the host to its cut.</param>
/// <param name="ProcessingTime">From the cut to the key committed (or the abort): waiting for the peer's copy, alignment and the protocol.</param>
/// <param name="ProtocolTime">The block engine's share of the processing time.</param>
/// <param name="ReconciliationEfficiency">Error correction's disclosed bits over the raw key's Shannon limit at the block's estimated error rate (<see cref="Protocol.Engine.BlockOutcome.ReconciliationEfficiency"/>); NaN when error correction did not run.</param>
public sealed record BlockSummary(
    long BlockId,
    string KeyBlockId,
    bool ProducedKey,
    string? AbortCause,
    string? Detail,
    double Chsh,
    double ChshLower,
    double ChshUpper,
    double ChshThreshold,
    double ErrorRate,
    long PairedRounds,
    int KeyBits,
    string? KeySha256,
    long LeakedBits,
    TimeSpan CollectionTime,
    TimeSpan ProcessingTime,
    TimeSpan ProtocolTime,
    DateTimeOffset FinishedAt,
    double ReconciliationEfficiency = double.NaN)
{
    public double ChshMargin => Chsh - ChshThreshold;

    /// <summary>Final key bits per second of rounds: what the link sustains while blocks overlap with processing.</summary>
    public double KeyRate => CollectionTime > TimeSpan.Zero ? KeyBits / CollectionTime.TotalSeconds : 0;
}

/// <summary>Counts since the station started.</summary>
public sealed record StationTotals(long RoundsArchived, long BlocksCut, long BlocksRun, long Keys, long KeyBits, long Aborts, long BlocksSkipped);
