namespace QkdEdge.Ingest.Serial;

/// <summary>How to open a board's serial port. Timeouts are always set: a read or write never blocks forever.</summary>
public sealed record SerialLinkSettings(string PortName, int BaudRate)
{
    /// <summary>
    /// Longest a single read blocks. Short enough that command timeouts (which poll between reads)
    /// stay accurate to about this much; long enough that an idle link costs few wake-ups.
    /// </summary>
    public TimeSpan ReadTimeout { get; init; } = TimeSpan.FromMilliseconds(100);

    /// <summary>Longest a write blocks: a command frame is at most 1 KiB, milliseconds even at 115,200 baud.</summary>
    public TimeSpan WriteTimeout { get; init; } = TimeSpan.FromSeconds(1);

    /// <summary>Operating-system receive buffer: 1 MiB holds about 2 s of rounds at 4 Mbaud, riding out a pause of the reading thread.</summary>
    public int ReadBufferSize { get; init; } = 1 << 20;

    public BoardFrameReaderOptions Reader { get; init; } = new();
}
