using QkdEdge.Ingest;
using QkdEdge.Station.Board;

namespace QkdEdge.Station.Tests.Support;

/// <summary>
/// An emulated board's in-process link that can be "unplugged": <see cref="Drop"/> makes the open connection
/// fail like a USB-serial bridge pulled out (bytes already read are lost), while the board keeps running; the
/// next connection reads on from the same board stream.
/// </summary>
internal sealed class DroppableBoardConnector(Stream board) : IBoardConnector
{
    private DroppableStream? _current;
    private int _connections;

    public string Description => "in-process board (droppable)";

    public int Connections => Volatile.Read(ref _connections);

    public IBoardConnection Connect()
    {
        var stream = new DroppableStream(board);
        Volatile.Write(ref _current, stream);
        Interlocked.Increment(ref _connections);
        return new Connection(stream);
    }

    public void Drop() => Volatile.Read(ref _current)?.Fail();

    private sealed class Connection(DroppableStream stream) : IBoardConnection
    {
        public BoardSession Session { get; } = new(stream);

        public void Interrupt() => stream.Fail();

        public void Dispose() => stream.Fail();
    }

    private sealed class DroppableStream(Stream inner) : Stream
    {
        private volatile bool _failed;

        public override bool CanRead => true;

        public override bool CanWrite => true;

        public override bool CanSeek => false;

        public override long Length => throw new NotSupportedException();

        public override long Position { get => throw new NotSupportedException(); set => throw new NotSupportedException(); }

        public void Fail() => _failed = true;

        public override int Read(byte[] buffer, int offset, int count)
        {
            ThrowIfFailed();
            int read = inner.Read(buffer, offset, count);
            ThrowIfFailed(); // what arrived while the cable was being pulled is lost
            return read;
        }

        public override void Write(byte[] buffer, int offset, int count)
        {
            ThrowIfFailed();
            inner.Write(buffer, offset, count);
        }

        public override void Flush() => inner.Flush();

        public override long Seek(long offset, SeekOrigin origin) => throw new NotSupportedException();

        public override void SetLength(long value) => throw new NotSupportedException();

        private void ThrowIfFailed()
        {
            if (_failed)
                throw new IOException("The board link was unplugged.");
        }
    }
}
