using QkdEdge.Wire.Framing;

namespace QkdEdge.Wire.Decoding;

/// <summary>What <see cref="FrameStreamReader.TryReadFrame"/> found.</summary>
public enum SplitResult
{
    /// <summary>The stream ended (only a partial frame, if anything, was left; it is counted as discarded).</summary>
    EndOfStream,

    /// <summary>One complete encoded frame, without its delimiter.</summary>
    Frame,

    /// <summary>More than <see cref="WireLimits.MaxEncodedFrameBytes"/> bytes without a delimiter; they were discarded up to and including the next delimiter.</summary>
    FrameTooLong,
}
