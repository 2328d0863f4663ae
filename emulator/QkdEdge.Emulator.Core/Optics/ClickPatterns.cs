namespace QkdEdge.Emulator.Optics;

/// <summary>
/// A station's raw click pattern in one gate, as the board reports it: bit 0 set when detector 0
/// ("outcome 0", the +1 port of the measurement) clicked, bit 1 when detector 1 clicked. Same bit
/// layout as the host's round model; the emulator keeps its own constants so it does not depend on the host.
/// </summary>
public static class ClickPatterns
{
    public const byte None = 0;
    public const byte Detector0 = 1;
    public const byte Detector1 = 2;
    public const byte Both = 3;

    /// <summary>Number of distinct patterns per station.</summary>
    public const int Count = 4;

    /// <summary>The pattern of a clean single click on the detector of <paramref name="outcome"/> (0 or 1).</summary>
    public static byte SingleClick(int outcome) => (byte)(1 << outcome);
}
