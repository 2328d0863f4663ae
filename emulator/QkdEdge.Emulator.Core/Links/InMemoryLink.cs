using System.IO.Pipelines;

namespace QkdEdge.Emulator.Links;

/// <summary>
/// An in-process link: two pipes, one per direction. The host's end is one duplex stream; once the
/// host disposes it (closes the port), <see cref="HostStream"/> opens a fresh one on the same pipes,
/// as a serial port is reopened: what the board sent meanwhile is still there, a partial frame
/// included (the host's framing skips it).
/// </summary>
internal sealed class InMemoryLink : EmulatedLink
{
    private readonly Pipe _outbound;
    private readonly Pipe _inbound;
    private readonly object _gate = new();
    private HostPipeStream? _hostStream;
    private long _bytesRead;

    public InMemoryLink(bool bounded)
        : this(new Pipe(Options(bounded)), new Pipe(Options(bounded: false)))
    {
    }

    private InMemoryLink(Pipe outbound, Pipe inbound)
        : base(new PipeFrameSink(outbound.Writer), inbound)
    {
        _outbound = outbound;
        _inbound = inbound;
    }

    public override LinkKind Kind => LinkKind.InMemory;

    /// <summary>The open host end; a new one if the host disposed the last.</summary>
    public override Stream HostStream
    {
        get
        {
            lock (_gate)
            {
                if (_hostStream is null || _hostStream.IsClosed)
                    _hostStream = new HostPipeStream(_outbound.Reader, _inbound.Writer, count => Interlocked.Add(ref _bytesRead, count));
                return _hostStream;
            }
        }
    }

    public override bool IsDrained => Interlocked.Read(ref _bytesRead) >= BytesSent;

    protected override void Dispose(bool disposing)
    {
        // The host's end stays usable: it reads what is left, then the end of the stream.
        if (disposing)
            Complete();
    }
}
