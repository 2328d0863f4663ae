using QkdEdge.Wire.Framing;

namespace QkdEdge.Ingest;

/// <summary>
/// One malformed frame: why, where it started in the byte stream, and where in the frame the fault
/// was found (in the encoded bytes for framing faults, in the decoded frame after COBS).
/// </summary>
public readonly record struct FrameFault(FrameError Reason, long StreamOffset, int OffsetInFrame)
{
    public override string ToString() => $"{Reason} in the frame at stream offset {StreamOffset} (byte {OffsetInFrame} of the frame)";
}
