using QkdEdge.Rounds;

namespace QkdEdge.Protocol.Description;

/// <summary>
/// Maps a station's raw click pattern to an output bit. Device-independent analyses require every
/// round to yield an output: a no-click is assigned a fixed bit, never discarded, because discarding
/// (post-selection) is exactly what detector-control attacks exploit. Double clicks get a fixed bit
/// too, so the map is deterministic and public.
/// </summary>
public sealed record OutcomeBinning(byte NoClick, byte DoubleClick)
{
    /// <summary>Detector 0 means 0, detector 1 means 1, no click means 0, a double click means 1.</summary>
    public static OutcomeBinning Default { get; } = new(NoClick: 0, DoubleClick: 1);

    public byte Bin(ClickPattern clicks) => clicks switch
    {
        ClickPattern.Detector0 => 0,
        ClickPattern.Detector1 => 1,
        ClickPattern.None => NoClick,
        _ => DoubleClick,
    };
}
