using QkdEdge.Emulator.Links;

namespace QkdEdge.Emulator.Board;

/// <summary>How a harness is wired: which link each board gets and whether ground truth is recorded.</summary>
public sealed class HarnessOptions
{
    /// <summary>Builds board i's link; default an unbounded in-memory link (run first, read afterwards).</summary>
    public Func<int, EmulatedLink> Links { get; init; } = static _ => EmulatedLink.InMemory(bounded: false);

    /// <summary>Record every round each board produces (costs about 26 bytes per round and board).</summary>
    public bool RecordGroundTruth { get; init; } = true;

    /// <summary>Cycles in a row without a pulse after which a synchronous run gives up as stalled.</summary>
    public int MaxIdleCycles { get; init; } = 10_000;
}
