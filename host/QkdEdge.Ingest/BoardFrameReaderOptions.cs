namespace QkdEdge.Ingest;

/// <summary>Tuning of <see cref="BoardFrameReader"/>.</summary>
public sealed record BoardFrameReaderOptions
{
    /// <summary>
    /// After this many bytes without a valid frame the reader gives up with
    /// <see cref="WireSessionFailure.NoValidFrames"/>. 64 KiB is about 64 largest frames: at a byte
    /// error rate of 1e-3 a 1 KiB frame survives with probability e^-1, so 64 corrupt frames in a row
    /// happen with probability (1 - e^-1)^64, about 2e-13, while a wrong baud rate, which corrupts
    /// every frame, is reported within a second at 1 Mbaud.
    /// </summary>
    public int NoValidFrameByteLimit { get; init; } = 64 * 1024;

    /// <summary>How many recent frames are remembered to tell a duplicate from a sequence restart.</summary>
    public int DuplicateWindow { get; init; } = 64;
}
