namespace QkdEdge.Emulator.Links;

/// <summary>Discards frames, counting them: the link of a bench that measures the boards, not a transport.</summary>
internal sealed class NullFrameSink : IFrameSink
{
    public long Frames { get; private set; }

    public long Bytes { get; private set; }

    public void Write(ReadOnlySpan<byte> frame)
    {
        Frames++;
        Bytes += frame.Length;
    }

    public void Complete()
    {
    }

    public void Abort()
    {
    }
}
