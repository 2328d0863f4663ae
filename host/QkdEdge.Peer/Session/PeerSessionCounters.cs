namespace QkdEdge.Peer.Session;

/// <summary>Traffic and authentication cost of one session, for metrics. Thread-safe.</summary>
public sealed class PeerSessionCounters
{
    private long _framesSent;
    private long _framesReceived;
    private long _bytesSent;
    private long _bytesReceived;
    private long _padBitsSent;
    private long _padBitsVerified;

    public long FramesSent => Interlocked.Read(ref _framesSent);

    public long FramesReceived => Interlocked.Read(ref _framesReceived);

    public long BytesSent => Interlocked.Read(ref _bytesSent);

    public long BytesReceived => Interlocked.Read(ref _bytesReceived);

    /// <summary>One-time-pad bits spent on tags of frames this host sent.</summary>
    public long PadBitsSent => Interlocked.Read(ref _padBitsSent);

    /// <summary>One-time-pad bits spent verifying the frames this host accepted.</summary>
    public long PadBitsVerified => Interlocked.Read(ref _padBitsVerified);

    internal void RecordSent(long bytes, long padBits)
    {
        Interlocked.Increment(ref _framesSent);
        Interlocked.Add(ref _bytesSent, bytes);
        Interlocked.Add(ref _padBitsSent, padBits);
    }

    internal void RecordReceivedBytes(long bytes) => Interlocked.Add(ref _bytesReceived, bytes);

    internal void RecordVerified(long padBits)
    {
        Interlocked.Increment(ref _framesReceived);
        Interlocked.Add(ref _padBitsVerified, padBits);
    }
}
