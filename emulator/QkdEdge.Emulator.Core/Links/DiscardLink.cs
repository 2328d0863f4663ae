using System.IO.Pipelines;

namespace QkdEdge.Emulator.Links;

/// <summary>A link with no host: frames are counted and dropped, no command ever arrives (benches, autostarted boards).</summary>
internal sealed class DiscardLink : EmulatedLink
{
    public DiscardLink()
        : base(new NullFrameSink(), new Pipe(Options(bounded: false)))
    {
    }

    public override LinkKind Kind => LinkKind.Discard;

    public override bool IsDrained => true;

    protected override void Dispose(bool disposing)
    {
    }
}
