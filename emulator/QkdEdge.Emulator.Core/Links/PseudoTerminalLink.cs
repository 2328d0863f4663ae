using System.Buffers;
using System.IO.Pipelines;
using QkdEdge.Emulator.Serial;

namespace QkdEdge.Emulator.Links;

/// <summary>
/// A link over a Linux pseudo-terminal. Two pump threads move bytes between the pty master and the
/// board's pipes, so the emulation thread never blocks on the terminal: the receive pump waits for
/// command bytes with poll(2); the transmit pump writes the board's frames, and while no host has the
/// port open it holds them (the pipe fills and the board waits) instead of losing them.
/// </summary>
internal sealed class PseudoTerminalLink : EmulatedLink
{
    /// <summary>How often the pumps look up from a wait to see whether the link is closing.</summary>
    private const int PollMilliseconds = 50;

    /// <summary>How long disposing waits for the transmit pump to hand the last frames to the terminal.</summary>
    private static readonly TimeSpan DrainTimeout = TimeSpan.FromSeconds(2);

    private readonly PseudoTerminal _terminal;
    private readonly FileStream _master;
    private readonly Pipe _outbound;
    private readonly Thread _receivePump;
    private readonly Thread _transmitPump;
    private volatile bool _closing;
    private long _bytesTransmitted;

    public PseudoTerminalLink()
        : this(PseudoTerminal.Open(), new Pipe(Options(bounded: true)), new Pipe(Options(bounded: false)))
    {
    }

    private PseudoTerminalLink(PseudoTerminal terminal, Pipe outbound, Pipe inbound)
        : base(new PipeFrameSink(outbound.Writer), inbound)
    {
        _terminal = terminal;
        _master = (FileStream)terminal.Master;
        _outbound = outbound;
        _receivePump = new Thread(Receive) { IsBackground = true, Name = $"pty receive {terminal.SlavePath}" };
        _transmitPump = new Thread(Transmit) { IsBackground = true, Name = $"pty transmit {terminal.SlavePath}" };
        _receivePump.Start();
        _transmitPump.Start();
    }

    public override LinkKind Kind => LinkKind.PseudoTerminal;

    public override string PortName => _terminal.SlavePath;

    /// <summary>The master reads as hung up once the slave's last holder has closed it (not before its first open).</summary>
    public override bool? PortClosedByHost => DescriptorPoll.Wait(_master.SafeFileHandle, forWriting: false, 0) == DescriptorPoll.Readiness.HungUp;

    /// <summary>Everything the board sent has been written to the terminal (the host may still have it buffered).</summary>
    public override bool IsDrained => Interlocked.Read(ref _bytesTransmitted) >= BytesSent;

    private void Receive()
    {
        var buffer = new byte[4096];
        var commands = Inbound.Writer;
        try
        {
            while (!_closing)
            {
                var readiness = DescriptorPoll.Wait(_master.SafeFileHandle, forWriting: false, PollMilliseconds);
                if (readiness == DescriptorPoll.Readiness.HungUp)
                {
                    // No host has the port open: nothing can arrive until one opens it.
                    Thread.Sleep(PollMilliseconds);
                    continue;
                }

                if (readiness != DescriptorPoll.Readiness.Ready)
                    continue;
                int read;
                try
                {
                    read = _master.Read(buffer, 0, buffer.Length);
                }
                catch (IOException)
                {
                    // EIO: the host closed the port between poll and read.
                    continue;
                }

                if (read <= 0)
                    continue;
                commands.Write(buffer.AsSpan(0, read));
                commands.FlushAsync().AsTask().GetAwaiter().GetResult();
            }
        }
        catch (ObjectDisposedException)
        {
            // The terminal was closed under the pump: the link is going away.
        }
        finally
        {
            commands.Complete();
        }
    }

    private void Transmit()
    {
        var frames = _outbound.Reader;
        try
        {
            while (true)
            {
                ReadResult result = frames.ReadAsync().AsTask().GetAwaiter().GetResult();
                ReadOnlySequence<byte> data = result.Buffer;
                foreach (ReadOnlyMemory<byte> segment in data)
                    WriteToTerminal(segment.Span);
                frames.AdvanceTo(data.End);
                if (result.IsCompleted || _closing)
                    break;
            }
        }
        catch (ObjectDisposedException)
        {
            // The terminal was closed under the pump.
        }
        finally
        {
            frames.Complete();
        }
    }

    private void WriteToTerminal(ReadOnlySpan<byte> bytes)
    {
        while (!bytes.IsEmpty)
        {
            var readiness = DescriptorPoll.Wait(_master.SafeFileHandle, forWriting: true, PollMilliseconds);
            if (_closing)
                return;
            if (readiness != DescriptorPoll.Readiness.Ready)
            {
                // Hung up (no host) or full: keep the bytes; the board waits behind the pipe meanwhile.
                if (readiness == DescriptorPoll.Readiness.HungUp)
                    Thread.Sleep(PollMilliseconds);
                continue;
            }

            // The terminal takes at least a byte now; a tty write blocks until all of a chunk is in, so
            // chunks stay small enough to keep a closing link responsive.
            int chunk = Math.Min(bytes.Length, 1024);
            try
            {
                _master.Write(bytes[..chunk]);
            }
            catch (IOException)
            {
                // The host closed the port mid-write; retry once one reopens it.
                continue;
            }

            Interlocked.Add(ref _bytesTransmitted, chunk);
            bytes = bytes[chunk..];
        }
    }

    protected override void Dispose(bool disposing)
    {
        if (!disposing || _closing)
            return;
        Complete();
        _transmitPump.Join(DrainTimeout);
        _closing = true;
        _receivePump.Join(TimeSpan.FromMilliseconds(4 * PollMilliseconds));
        _transmitPump.Join(TimeSpan.FromMilliseconds(4 * PollMilliseconds));
        _terminal.Dispose();
    }
}
