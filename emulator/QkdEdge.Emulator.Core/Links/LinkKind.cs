namespace QkdEdge.Emulator.Links;

/// <summary>How an emulated board's serial link reaches the host.</summary>
public enum LinkKind
{
    /// <summary>In-process byte streams: fast, for tests and demos in one process.</summary>
    InMemory,

    /// <summary>A Linux pseudo-terminal the host opens as a serial port (System.IO.Ports), as it would a USB-serial bridge.</summary>
    PseudoTerminal,

    /// <summary>Frames are counted and dropped: for benches of the boards themselves.</summary>
    Discard,
}
