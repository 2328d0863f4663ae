using QkdEdge.Wire.Framing;

namespace QkdEdge.Ingest;

/// <summary>
/// Everything the reader saw and did, since it was created. Invariant for one board boot with a
/// clean first and last frame: rounds sent = <see cref="RoundsDelivered"/> + <see cref="RoundsLost"/>.
/// </summary>
public sealed record IngestCounters
{
    /// <summary>Bytes read from the link.</summary>
    public long BytesRead { get; init; }

    /// <summary>Bytes that formed no frame: a partial frame before the first delimiter, over-long runs, a partial frame at the end.</summary>
    public long BytesDiscarded { get; init; }

    /// <summary>Frames that passed every check and were handed out (or used to match an Ack).</summary>
    public long FramesAccepted { get; init; }

    /// <summary>Frames rejected as malformed, all reasons together.</summary>
    public long FramesMalformed { get; init; }

    /// <summary>Malformed frames by reason, indexed by <see cref="FrameError"/> (index 0 is unused).</summary>
    public required IReadOnlyList<long> MalformedByReason { get; init; }

    /// <summary>Frames missing according to sequence numbers (malformed frames also show up here once a later frame arrives).</summary>
    public long FramesLost { get; init; }

    /// <summary>Places where the sequence number jumped forward.</summary>
    public long SequenceGaps { get; init; }

    /// <summary>Valid frames dropped because an identical frame with the same sequence number was already accepted.</summary>
    public long DuplicateFrames { get; init; }

    /// <summary>Board restarts detected (new boot id, sequence number going back, or round index going back).</summary>
    public long BoardResets { get; init; }

    /// <summary>Rounds handed out in batches.</summary>
    public long RoundsDelivered { get; init; }

    /// <summary>Rounds whose indices were skipped (lost frames, dropped batches), counted when a later frame reveals them.</summary>
    public long RoundsLost { get; init; }

    /// <summary>Places where the round index jumped forward.</summary>
    public long RoundGaps { get; init; }

    public long Malformed(FrameError reason) => MalformedByReason[(int)reason];
}
