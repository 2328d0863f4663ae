using QkdEdge.Wire.Framing;
using QkdEdge.Wire.Frames;

namespace QkdEdge.Ingest.Tests.Support;

/// <summary>
/// A duplex stream with a scripted board behind it: each command the host writes is received with
/// the board-side <see cref="FrameReceiver"/> and answered by <see cref="Respond"/> with real frames.
/// Reads with nothing queued wait briefly and throw <see cref="TimeoutException"/>, as a serial
/// port with a read timeout does.
/// </summary>
public sealed class FakeBoardStream : Stream
{
    private readonly FrameReceiver _receiver = new(LinkEnd.Board);
    private readonly Queue<byte> _toHost = new();

    public FakeBoardStream(ScriptedBoard board)
    {
        Board = board;
    }

    public ScriptedBoard Board { get; }

    /// <summary>Answers one received command (type, sequence, receiver holding its payload) by scripting frames on <see cref="Board"/>.</summary>
    public Action<FrameType, uint, FrameReceiver>? Respond { get; set; }

    public List<FrameType> CommandsReceived { get; } = [];

    public int LeadingDelimiters { get; private set; }

    public override bool CanRead => true;
    public override bool CanSeek => false;
    public override bool CanWrite => true;
    public override long Length => throw new NotSupportedException();
    public override long Position { get => throw new NotSupportedException(); set => throw new NotSupportedException(); }

    public override int Read(byte[] buffer, int offset, int count)
    {
        if (_toHost.Count == 0)
        {
            Thread.Sleep(2);
            throw new TimeoutException("The operation has timed out.");
        }

        int n = 0;
        while (n < count && _toHost.Count > 0)
            buffer[offset + n++] = _toHost.Dequeue();
        return n;
    }

    public override void Write(byte[] buffer, int offset, int count)
    {
        if (CommandsReceived.Count == 0 && count > 0 && buffer[offset] == 0)
            LeadingDelimiters++;
        int position = offset;
        int end = offset + count;
        while (_receiver.TryReadFrame(buffer, position, end - position, out int consumed))
        {
            position += consumed;
            Assert.Equal(FrameError.None, _receiver.Error);
            CommandsReceived.Add(_receiver.Type);
            int before = Board.Bytes.Length;
            Respond?.Invoke(_receiver.Type, _receiver.Sequence, _receiver);
            foreach (byte b in Board.Bytes.AsSpan(before))
                _toHost.Enqueue(b);
        }
    }

    public override void Flush() { }
    public override long Seek(long offset, SeekOrigin origin) => throw new NotSupportedException();
    public override void SetLength(long value) => throw new NotSupportedException();
}
