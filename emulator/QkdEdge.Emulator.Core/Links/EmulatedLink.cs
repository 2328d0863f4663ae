using System.IO.Pipelines;

namespace QkdEdge.Emulator.Links;

/// <summary>
/// One board's serial link, host side out: what the host opens (an in-memory <see cref="HostStream"/>
/// or a pseudo-terminal <see cref="PortName"/>), and the board's end the firmware writes frames to and
/// reads commands from.
/// </summary>
public abstract class EmulatedLink : IDisposable
{
    private protected EmulatedLink(IFrameSink outbound, Pipe inbound)
    {
        Inbound = inbound;
        BoardEnd = new BoardSerialLink(inbound.Reader, outbound);
    }

    public abstract LinkKind Kind { get; }

    /// <summary>
    /// The host's end of an in-memory link: read frames from it, write commands to it. Reads block
    /// until bytes arrive (or <see cref="Stream.ReadTimeout"/> passes, with a <see cref="TimeoutException"/>)
    /// and return 0 once the board's link is closed and everything has been read. Disposing it closes
    /// the port, not the link: the next call returns a fresh end on the same link, as a serial port is
    /// reopened, with whatever the board sent meanwhile still waiting.
    /// </summary>
    public virtual Stream HostStream =>
        throw new InvalidOperationException($"A {Kind} link has no in-process host stream{(PortName is null ? "" : $"; open {PortName} as a serial port")}.");

    /// <summary>The serial port the host opens (the pseudo-terminal's slave path), or null for other links.</summary>
    public virtual string? PortName => null;

    /// <summary>
    /// True once a host that opened <see cref="PortName"/> has closed it again (and no other host has it open);
    /// false before any host opened it and while one has it open; null for links without a port.
    /// </summary>
    public virtual bool? PortClosedByHost => null;

    /// <summary>Frames the board has sent on this link.</summary>
    public long FramesSent => BoardEnd.FramesSent;

    /// <summary>Bytes the board has sent on this link.</summary>
    public long BytesSent => BoardEnd.BytesSent;

    internal BoardSerialLink BoardEnd { get; }

    /// <summary>The host-to-board byte pipe (commands).</summary>
    private protected Pipe Inbound { get; }

    /// <summary>
    /// An in-process link. <paramref name="bounded"/> makes the board wait while the host is more than
    /// a megabyte behind (for a host reading while the emulation runs); unbounded suits a test that runs
    /// the emulation first and reads afterwards on the same thread.
    /// </summary>
    public static EmulatedLink InMemory(bool bounded = true) => new InMemoryLink(bounded);

    /// <summary>A link over a new Linux pseudo-terminal (Linux only).</summary>
    public static EmulatedLink OverPseudoTerminal() => new PseudoTerminalLink();

    /// <summary>A link that counts and drops every frame.</summary>
    public static EmulatedLink Discard() => new DiscardLink();

    /// <summary>The board sends nothing more: the host reads what is left, then reaches the end of the stream.</summary>
    public void Complete() => BoardEnd.Complete();

    /// <summary>
    /// Stops the board waiting for a host that is behind (callable from any thread, for shutting down
    /// while the emulation thread is blocked on a full link). Frames sent from now on are dropped.
    /// </summary>
    public void Abort() => BoardEnd.Abort();

    /// <summary>
    /// True once everything the board sent has left the emulator (read by the in-process host, or
    /// handed to the pseudo-terminal).
    /// </summary>
    public abstract bool IsDrained { get; }

    public void Dispose()
    {
        Dispose(true);
        GC.SuppressFinalize(this);
    }

    protected abstract void Dispose(bool disposing);

    /// <summary>Bounds of a bounded pipe: the board waits above the first, resumes below the second.</summary>
    private protected static PipeOptions Options(bool bounded) => bounded
        ? new PipeOptions(pauseWriterThreshold: 1 << 20, resumeWriterThreshold: 1 << 19, useSynchronizationContext: false)
        : new PipeOptions(pauseWriterThreshold: 0, resumeWriterThreshold: 0, useSynchronizationContext: false);
}
