using QkdEdge.Peer.Messages;
using QkdEdge.Protocol.Engine;

namespace QkdEdge.Station.Peer;

internal sealed partial class PeerBlockChannel
{
    /// <summary>
    /// A write-only stream that sends a message's payload in parts of <see cref="StationDataKind.MaxPartBytes"/> as it
    /// is written. A full part is sent only once more bytes follow it, so the last part is the one sent by
    /// <see cref="SendLastAsync"/>, without <see cref="ContinuedFlag"/>. Each part is a fresh array: the session may
    /// still hold a sent one.
    /// </summary>
    private sealed class PartWriter(PeerBlockChannel channel, BlockMessageKind kind, CancellationToken cancellationToken) : OneWayStream(writes: true)
    {
        private byte[] _part = [];
        private int _count;

        /// <summary>Whether a part has been sent (the peer has begun reading the message).</summary>
        public bool Started { get; private set; }

        public override async ValueTask WriteAsync(ReadOnlyMemory<byte> buffer, CancellationToken writeCancellation = default)
        {
            while (!buffer.IsEmpty)
            {
                if (_count == _part.Length)
                {
                    if (_count != 0)
                    {
                        await channel.SendPartAsync(kind, _part, last: false, cancellationToken).ConfigureAwait(false);
                        Started = true;
                    }
                    _part = new byte[StationDataKind.MaxPartBytes];
                    _count = 0;
                }

                int take = Math.Min(buffer.Length, _part.Length - _count);
                buffer.Span[..take].CopyTo(_part.AsSpan(_count));
                _count += take;
                buffer = buffer[take..];
            }
        }

        public override Task WriteAsync(byte[] buffer, int offset, int count, CancellationToken writeCancellation) =>
            WriteAsync(buffer.AsMemory(offset, count), writeCancellation).AsTask();

        /// <summary>Sends what is held as the message's last part (an empty part for an empty payload).</summary>
        public Task SendLastAsync() => channel.SendPartAsync(kind, _part.AsMemory(0, _count), last: true, cancellationToken);

    }

    /// <summary>
    /// A read-only stream over a message's parts, receiving each when the reader reaches it: one part is held at a
    /// time. <see cref="Failed"/> tells that receiving failed (the session, or a peer breaking the part rules), so
    /// that nothing more is read from the session for this message.
    /// </summary>
    private sealed class PartReader(PeerBlockChannel channel, DataMessage first, CancellationToken cancellationToken) : OneWayStream(writes: false)
    {
        private readonly BlockMessageKind _kind = KindOf(first);
        private ReadOnlyMemory<byte> _part = first.Payload;
        private bool _more = IsContinued(first);
        private long _held = first.Payload.Length;

        public bool Failed { get; private set; }

        public override async ValueTask<int> ReadAsync(Memory<byte> buffer, CancellationToken readCancellation = default)
        {
            while (_part.IsEmpty && _more)
                await NextPartAsync().ConfigureAwait(false);
            int take = Math.Min(buffer.Length, _part.Length);
            _part.Span[..take].CopyTo(buffer.Span);
            _part = _part[take..];
            return take;
        }

        public override Task<int> ReadAsync(byte[] buffer, int offset, int count, CancellationToken readCancellation) =>
            ReadAsync(buffer.AsMemory(offset, count), readCancellation).AsTask();

        /// <summary>Receives and drops the message's remaining parts.</summary>
        public async Task SkipRestAsync()
        {
            _part = default;
            while (_more)
                await NextPartAsync().ConfigureAwait(false);
        }

        private async Task NextPartAsync()
        {
            try
            {
                var part = await channel.ReceivePartAsync(_kind, _held, cancellationToken).ConfigureAwait(false);
                _part = part.Payload;
                _held += part.Payload.Length;
                _more = IsContinued(part);
            }
            catch
            {
                Failed = true;
                throw;
            }
        }
    }

    /// <summary>
    /// A stream that only reads or only writes, and only asynchronously: the parts come and go over the session, so
    /// a synchronous call would block a thread on the network.
    /// </summary>
    private abstract class OneWayStream(bool writes) : Stream
    {
        public sealed override bool CanRead => !writes;
        public sealed override bool CanSeek => false;
        public sealed override bool CanWrite => writes;
        public sealed override long Length => throw new NotSupportedException();
        public sealed override long Position { get => throw new NotSupportedException(); set => throw new NotSupportedException(); }
        public sealed override void Flush() { }
        public sealed override int Read(byte[] buffer, int offset, int count) => throw new NotSupportedException("Parts are received asynchronously.");
        public sealed override long Seek(long offset, SeekOrigin origin) => throw new NotSupportedException();
        public sealed override void SetLength(long value) => throw new NotSupportedException();
        public sealed override void Write(byte[] buffer, int offset, int count) => throw new NotSupportedException("Parts are sent asynchronously.");
    }
}
