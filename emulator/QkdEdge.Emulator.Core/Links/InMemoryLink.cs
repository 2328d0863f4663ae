using System.IO.Pipelines;

namespace QkdEdge.Emulator.Links;

/// <summary>An in-process link: two pipes, one per direction, with the host's end as one duplex stream.</summary>
internal sealed class InMemoryLink : EmulatedLink
{
    private readonly HostPipeStream _hostStream;

    public InMemoryLink(bool bounded)
        : this(new Pipe(Options(bounded)), new Pipe(Options(bounded: false)))
    {
    }

    private InMemoryLink(Pipe outbound, Pipe inbound)
        : base(new PipeFrameSink(outbound.Writer), inbound)
    {
        _hostStream = new HostPipeStream(outbound.Reader, inbound.Writer);
    }

    public override LinkKind Kind => LinkKind.InMemory;

    public override Stream HostStream => _hostStream;

    public override bool IsDrained => _hostStream.IsClosed || _hostStream.BytesRead >= BytesSent;

    protected override void Dispose(bool disposing)
    {
        if (disposing)
        {
            Complete();
            _hostStream.Dispose();
        }
    }
}
