using System.Buffers;
using System.IO.Pipelines;

namespace QkdEdge.Emulator.Links;

/// <summary>
/// The host's end of an in-memory link as one duplex, non-seekable stream, the shape a serial port's
/// BaseStream has: reads take the board's frames, writes carry commands to the board. Like a serial
/// port it honours <see cref="ReadTimeout"/> (a read that times out throws <see cref="TimeoutException"/>),
/// which host code relies on to bound its waits for an Ack. Disposing it closes the port, not the link:
/// a blocked read returns 0 (end of stream), and the link can be opened again (<see cref="InMemoryLink"/>).
/// </summary>
internal sealed class HostPipeStream : Stream
{
    private readonly PipeReader _frames;
    private readonly PipeWriter _commands;
    private readonly Action<int> _countRead;
    private volatile bool _closed;
    private int _readTimeout = Timeout.Infinite;

    public HostPipeStream(PipeReader frames, PipeWriter commands, Action<int> countRead)
    {
        _frames = frames;
        _commands = commands;
        _countRead = countRead;
    }

    /// <summary>True once the host has disposed this end.</summary>
    public bool IsClosed => _closed;

    public override bool CanRead => !_closed;

    public override bool CanWrite => !_closed;

    public override bool CanSeek => false;

    public override bool CanTimeout => true;

    /// <summary>Milliseconds a read waits for the first byte; <see cref="Timeout.Infinite"/> (the default) waits for ever.</summary>
    public override int ReadTimeout
    {
        get => _readTimeout;
        set
        {
            if (value <= 0 && value != Timeout.Infinite)
                throw new ArgumentOutOfRangeException(nameof(value), value, "A read timeout is positive or Timeout.Infinite.");
            _readTimeout = value;
        }
    }

    public override long Length => throw new NotSupportedException("A serial link has no length.");

    public override long Position
    {
        get => throw new NotSupportedException("A serial link has no position.");
        set => throw new NotSupportedException("A serial link has no position.");
    }

    public override int Read(byte[] buffer, int offset, int count) => Read(buffer.AsSpan(offset, count));

    public override int Read(Span<byte> buffer)
    {
        ObjectDisposedException.ThrowIf(_closed, this);
        if (buffer.IsEmpty)
            return 0;
        while (true)
        {
            if (!_frames.TryRead(out ReadResult result))
            {
                using var timeout = _readTimeout == Timeout.Infinite ? null : new CancellationTokenSource(_readTimeout);
                try
                {
                    result = _frames.ReadAsync(timeout?.Token ?? CancellationToken.None).AsTask().GetAwaiter().GetResult();
                }
                catch (OperationCanceledException)
                {
                    throw new TimeoutException($"No byte arrived within the read timeout of {_readTimeout} ms.");
                }
            }

            if (TryTake(result, buffer, out int count))
                return count;
        }
    }

    public override async ValueTask<int> ReadAsync(Memory<byte> buffer, CancellationToken cancellationToken = default)
    {
        ObjectDisposedException.ThrowIf(_closed, this);
        if (buffer.IsEmpty)
            return 0;
        while (true)
        {
            ReadResult result = await _frames.ReadAsync(cancellationToken).ConfigureAwait(false);
            if (TryTake(result, buffer.Span, out int count))
                return count;
        }
    }

    public override Task<int> ReadAsync(byte[] buffer, int offset, int count, CancellationToken cancellationToken) =>
        ReadAsync(buffer.AsMemory(offset, count), cancellationToken).AsTask();

    public override void Write(byte[] buffer, int offset, int count) => Write(buffer.AsSpan(offset, count));

    public override void Write(ReadOnlySpan<byte> buffer)
    {
        ObjectDisposedException.ThrowIf(_closed, this);
        _commands.Write(buffer);
        _commands.FlushAsync().AsTask().GetAwaiter().GetResult();
    }

    public override async ValueTask WriteAsync(ReadOnlyMemory<byte> buffer, CancellationToken cancellationToken = default)
    {
        ObjectDisposedException.ThrowIf(_closed, this);
        await _commands.WriteAsync(buffer, cancellationToken).ConfigureAwait(false);
    }

    public override Task WriteAsync(byte[] buffer, int offset, int count, CancellationToken cancellationToken) =>
        WriteAsync(buffer.AsMemory(offset, count), cancellationToken).AsTask();

    /// <summary>Writes go to the board at once; there is nothing to flush.</summary>
    public override void Flush()
    {
    }

    public override Task FlushAsync(CancellationToken cancellationToken) => Task.CompletedTask;

    public override long Seek(long offset, SeekOrigin origin) => throw new NotSupportedException("A serial link cannot seek.");

    public override void SetLength(long value) => throw new NotSupportedException("A serial link has no length.");

    protected override void Dispose(bool disposing)
    {
        if (disposing && !_closed)
        {
            _closed = true;
            // Releases a read blocked on this end; the link itself stays open for the next host end.
            _frames.CancelPendingRead();
        }
        base.Dispose(disposing);
    }

    /// <summary>
    /// Copies what fits and consumes exactly that, so the rest is returned at once by the next read.
    /// False for a cancelled read that was meant for an earlier, closed end: read again.
    /// </summary>
    private bool TryTake(ReadResult result, Span<byte> buffer, out int count)
    {
        var data = result.Buffer;
        if (result.IsCanceled && data.IsEmpty)
        {
            _frames.AdvanceTo(data.Start);
            count = 0;
            return _closed;
        }

        count = (int)Math.Min(buffer.Length, data.Length);
        data.Slice(0, count).CopyTo(buffer);
        _frames.AdvanceTo(data.GetPosition(count));
        _countRead(count);
        return true;
    }
}
