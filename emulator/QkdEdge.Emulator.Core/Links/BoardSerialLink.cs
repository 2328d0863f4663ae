using System.Buffers;
using System.IO.Pipelines;
using QkdEdge.Firmware.Hardware;

namespace QkdEdge.Emulator.Links;

/// <summary>
/// The board's end of its serial link (<see cref="ISerialLink"/>): commands come from a pipe the host
/// side fills, frames go to a sink. Reads never block. Writes always succeed: a board whose host is
/// behind waits for it (see <see cref="PipeFrameSink"/>) rather than dropping frames, because the
/// emulated link's line rate (2 Mbaud on the reference board) exceeds what the fastest configurable
/// round rate needs, so a real board would not drop them either.
/// </summary>
internal sealed class BoardSerialLink : ISerialLink
{
    private readonly PipeReader _inbound;
    private readonly IFrameSink _outbound;
    private byte[] _injected = [];
    private int _injectedOffset;

    public BoardSerialLink(PipeReader inbound, IFrameSink outbound)
    {
        ArgumentNullException.ThrowIfNull(inbound);
        ArgumentNullException.ThrowIfNull(outbound);
        _inbound = inbound;
        _outbound = outbound;
    }

    /// <summary>Frames the board has sent.</summary>
    public long FramesSent { get; private set; }

    /// <summary>Bytes the board has sent.</summary>
    public long BytesSent { get; private set; }

    /// <summary>
    /// Queues command bytes ahead of anything from the host: how the emulator configures and starts a
    /// board itself. Call from the emulation thread only.
    /// </summary>
    public void Inject(ReadOnlySpan<byte> commands)
    {
        var pending = new byte[_injected.Length - _injectedOffset + commands.Length];
        _injected.AsSpan(_injectedOffset).CopyTo(pending);
        commands.CopyTo(pending.AsSpan(_injected.Length - _injectedOffset));
        _injected = pending;
        _injectedOffset = 0;
    }

    public int Read(byte[] buffer, int offset, int count)
    {
        if (_injectedOffset < _injected.Length)
        {
            int take = Math.Min(count, _injected.Length - _injectedOffset);
            Array.Copy(_injected, _injectedOffset, buffer, offset, take);
            _injectedOffset += take;
            return take;
        }

        if (!_inbound.TryRead(out ReadResult result))
            return 0;
        ReadOnlySequence<byte> data = result.Buffer;
        int length = (int)Math.Min(count, data.Length);
        data.Slice(0, length).CopyTo(buffer.AsSpan(offset, length));
        _inbound.AdvanceTo(data.GetPosition(length));
        return length;
    }

    public bool TryWrite(byte[] buffer, int offset, int count)
    {
        _outbound.Write(buffer.AsSpan(offset, count));
        FramesSent++;
        BytesSent += count;
        return true;
    }

    /// <summary>The board sends nothing more; the host's reader reaches the end of the stream.</summary>
    public void Complete() => _outbound.Complete();

    /// <summary>Stops waiting for a host that is behind (any thread); frames from now on are dropped.</summary>
    public void Abort() => _outbound.Abort();
}
