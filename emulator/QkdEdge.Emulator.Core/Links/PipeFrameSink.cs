using System.Buffers;
using System.IO.Pipelines;

namespace QkdEdge.Emulator.Links;

/// <summary>
/// Writes frames into a pipe that the host (or a pseudo-terminal pump) drains. With a bounded pipe the
/// emulation thread waits while the host is a pipe's worth of bytes behind: the emulation slows to the
/// host's pace instead of dropping frames, so what the host receives does not depend on its speed.
/// </summary>
internal sealed class PipeFrameSink : IFrameSink
{
    private readonly PipeWriter _writer;
    private bool _completed;
    private volatile bool _aborted;

    public PipeFrameSink(PipeWriter writer)
    {
        ArgumentNullException.ThrowIfNull(writer);
        _writer = writer;
    }

    public long Bytes { get; private set; }

    public void Write(ReadOnlySpan<byte> frame)
    {
        if (_completed || _aborted)
            return;
        _writer.Write(frame);
        Bytes += frame.Length;
        var flush = _writer.FlushAsync();
        FlushResult result = flush.IsCompleted ? flush.Result : flush.AsTask().GetAwaiter().GetResult();
        // The reader gave up (host stream disposed): later frames have nowhere to go, like a cable pulled out.
        if (result.IsCompleted)
            Complete();
    }

    public void Abort()
    {
        _aborted = true;
        _writer.CancelPendingFlush();
    }

    public void Complete()
    {
        if (_completed)
            return;
        _completed = true;
        _writer.Complete();
    }
}
