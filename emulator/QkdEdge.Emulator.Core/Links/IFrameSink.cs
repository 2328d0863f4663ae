namespace QkdEdge.Emulator.Links;

/// <summary>Where a board's outgoing frames go: a pipe to the host, a pseudo-terminal, or nowhere (benches).</summary>
internal interface IFrameSink
{
    /// <summary>Takes one whole frame (delimiter included). May block while the host is behind (backpressure).</summary>
    void Write(ReadOnlySpan<byte> frame);

    /// <summary>No more frames: the host's reader sees the end of the stream once it has read everything.</summary>
    void Complete();

    /// <summary>Stops waiting for the host, from any thread: a blocked write returns and later frames are dropped.</summary>
    void Abort();
}
