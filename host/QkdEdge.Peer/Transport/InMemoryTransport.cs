using System.Threading.Channels;

namespace QkdEdge.Peer.Transport;

/// <summary>
/// Two connected in-memory streams, for sessions on one machine without sockets (tests, simulations).
/// Closing either end ends both directions, as a TCP close does.
/// </summary>
public static class InMemoryTransport
{
    public static (Stream First, Stream Second) CreatePair()
    {
        var forward = Channel.CreateUnbounded<byte[]>(new UnboundedChannelOptions { SingleReader = true });
        var backward = Channel.CreateUnbounded<byte[]>(new UnboundedChannelOptions { SingleReader = true });
        return (new ChannelStream(backward, forward), new ChannelStream(forward, backward));
    }

    private sealed class ChannelStream(Channel<byte[]> incoming, Channel<byte[]> outgoing) : Stream
    {
        private ReadOnlyMemory<byte> _leftover;

        public override bool CanRead => true;

        public override bool CanSeek => false;

        public override bool CanWrite => true;

        public override long Length => throw new NotSupportedException();

        public override long Position { get => throw new NotSupportedException(); set => throw new NotSupportedException(); }

        public override async ValueTask<int> ReadAsync(Memory<byte> buffer, CancellationToken cancellationToken = default)
        {
            while (_leftover.IsEmpty)
            {
                if (!await incoming.Reader.WaitToReadAsync(cancellationToken).ConfigureAwait(false))
                    return 0;
                if (incoming.Reader.TryRead(out var chunk))
                    _leftover = chunk;
            }
            int n = Math.Min(buffer.Length, _leftover.Length);
            _leftover[..n].CopyTo(buffer);
            _leftover = _leftover[n..];
            return n;
        }

        public override Task<int> ReadAsync(byte[] buffer, int offset, int count, CancellationToken cancellationToken) =>
            ReadAsync(buffer.AsMemory(offset, count), cancellationToken).AsTask();

        public override int Read(byte[] buffer, int offset, int count) => ReadAsync(buffer, offset, count, CancellationToken.None).GetAwaiter().GetResult();

        public override ValueTask WriteAsync(ReadOnlyMemory<byte> buffer, CancellationToken cancellationToken = default)
        {
            if (!buffer.IsEmpty && !outgoing.Writer.TryWrite(buffer.ToArray()))
                throw new IOException("The other end of the in-memory transport is closed.");
            return ValueTask.CompletedTask;
        }

        public override Task WriteAsync(byte[] buffer, int offset, int count, CancellationToken cancellationToken) =>
            WriteAsync(buffer.AsMemory(offset, count), cancellationToken).AsTask();

        public override void Write(byte[] buffer, int offset, int count) => WriteAsync(buffer.AsMemory(offset, count)).GetAwaiter().GetResult();

        public override void Flush()
        {
        }

        public override Task FlushAsync(CancellationToken cancellationToken) => Task.CompletedTask;

        public override long Seek(long offset, SeekOrigin origin) => throw new NotSupportedException();

        public override void SetLength(long value) => throw new NotSupportedException();

        protected override void Dispose(bool disposing)
        {
            if (disposing)
            {
                outgoing.Writer.TryComplete();
                incoming.Writer.TryComplete();
            }
            base.Dispose(disposing);
        }
    }
}
