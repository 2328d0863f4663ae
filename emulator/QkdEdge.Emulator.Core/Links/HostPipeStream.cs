using System.IO.Pipelines;

namespace QkdEdge.Emulator.Links;

/// <summary>
/// The host's end of an in-memory link as one duplex, non-seekable stream, the shape a serial port's
/// BaseStream has: reads take the board's frames, writes carry commands to the board.
/// </summary>
internal sealed class HostPipeStream : Stream
{
    private readonly Stream _frames;
    private readonly Stream _commands;
    private long _bytesRead;
    private volatile bool _closed;

    public HostPipeStream(PipeReader frames, PipeWriter commands)
    {
        _frames = frames.AsStream();
        _commands = commands.AsStream();
    }

    /// <summary>Bytes the host has read so far.</summary>
    public long BytesRead => Interlocked.Read(ref _bytesRead);

    /// <summary>True once the host has disposed its end.</summary>
    public bool IsClosed => _closed;

    public override bool CanRead => !_closed;

    public override bool CanWrite => !_closed;

    public override bool CanSeek => false;

    public override long Length => throw new NotSupportedException("A serial link has no length.");

    public override long Position
    {
        get => throw new NotSupportedException("A serial link has no position.");
        set => throw new NotSupportedException("A serial link has no position.");
    }

    public override int Read(byte[] buffer, int offset, int count) => Read(buffer.AsSpan(offset, count));

    public override int Read(Span<byte> buffer)
    {
        int read = _frames.Read(buffer);
        Interlocked.Add(ref _bytesRead, read);
        return read;
    }

    public override async ValueTask<int> ReadAsync(Memory<byte> buffer, CancellationToken cancellationToken = default)
    {
        int read = await _frames.ReadAsync(buffer, cancellationToken).ConfigureAwait(false);
        Interlocked.Add(ref _bytesRead, read);
        return read;
    }

    public override Task<int> ReadAsync(byte[] buffer, int offset, int count, CancellationToken cancellationToken) =>
        ReadAsync(buffer.AsMemory(offset, count), cancellationToken).AsTask();

    public override void Write(byte[] buffer, int offset, int count) => Write(buffer.AsSpan(offset, count));

    public override void Write(ReadOnlySpan<byte> buffer)
    {
        _commands.Write(buffer);
        _commands.Flush();
    }

    public override async ValueTask WriteAsync(ReadOnlyMemory<byte> buffer, CancellationToken cancellationToken = default)
    {
        await _commands.WriteAsync(buffer, cancellationToken).ConfigureAwait(false);
        await _commands.FlushAsync(cancellationToken).ConfigureAwait(false);
    }

    public override Task WriteAsync(byte[] buffer, int offset, int count, CancellationToken cancellationToken) =>
        WriteAsync(buffer.AsMemory(offset, count), cancellationToken).AsTask();

    public override void Flush() => _commands.Flush();

    public override Task FlushAsync(CancellationToken cancellationToken) => _commands.FlushAsync(cancellationToken);

    public override long Seek(long offset, SeekOrigin origin) => throw new NotSupportedException("A serial link cannot seek.");

    public override void SetLength(long value) => throw new NotSupportedException("A serial link has no length.");

    protected override void Dispose(bool disposing)
    {
        if (disposing && !_closed)
        {
            _closed = true;
            _frames.Dispose();
            _commands.Dispose();
        }
        base.Dispose(disposing);
    }
}
