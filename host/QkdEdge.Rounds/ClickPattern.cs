namespace QkdEdge.Rounds;

/// <summary>
/// Which of a station's two detectors fired in a round's gate. Kept raw all the way to the protocol
/// engine: mapping no-clicks and double clicks to a bit is a protocol decision (DI analyses bin them,
/// never discard them), not something the board or the archive may do.
/// </summary>
[Flags]
public enum ClickPattern : byte
{
    None = 0,
    Detector0 = 1,
    Detector1 = 2,
    Both = Detector0 | Detector1,
}
