using System.Diagnostics;
using QkdEdge.Wire.Framing;
using QkdEdge.Wire.Frames;

namespace QkdEdge.Ingest;

/// <summary>
/// A conversation with one board over a duplex byte stream: commands out, frames in. Each command
/// waits for its Ack (matched by type and sequence number) up to a timeout; frames that arrive
/// meanwhile (rounds while a Stop is in flight, the Info before a Hello's Ack) go to
/// <see cref="FrameObserved"/> and stay readable on <see cref="Reader"/>. The stream's own read
/// timeout bounds each blocking read, so it must have one (a serial port does) for the command
/// timeout to hold. Not thread-safe: use it from the thread that reads.
/// </summary>
public sealed class BoardSession
{
    private readonly Stream _stream;
    private readonly FrameWriter _writer;
    private readonly byte[] _output = new byte[WireLimits.MaxWireFrameBytes + 1];
    private bool _sentLeadingDelimiter;

    public BoardSession(Stream stream, BoardFrameReaderOptions? readerOptions = null)
    {
        ArgumentNullException.ThrowIfNull(stream);
        if (!stream.CanWrite)
            throw new ArgumentException("The stream is not writable.", nameof(stream));
        _stream = stream;
        Reader = new BoardFrameReader(stream, readerOptions);
        _writer = new FrameWriter(WireLimits.BroadcastStationId);
    }

    /// <summary>The frame reader; read rounds from it between commands.</summary>
    public BoardFrameReader Reader { get; }

    /// <summary>Station id that commands address (default: whichever board is on the link).</summary>
    public ushort TargetStationId
    {
        get => _writer.StationId;
        set => _writer.StationId = value;
    }

    /// <summary>Called for every frame other than the awaited Ack that is read while a command waits.</summary>
    public Action<BoardFrameKind, BoardFrameReader>? FrameObserved { get; set; }

    /// <summary>
    /// Sends Hello and returns the board's Info (read just before the Ack). A board that acknowledges
    /// Hello without an Info frame, or refuses it, breaks the protocol: that throws.
    /// </summary>
    public InfoFrame Hello(TimeSpan timeout)
    {
        bool sawInfo = false;
        Action<BoardFrameKind, BoardFrameReader>? observer = FrameObserved;
        FrameObserved = (kind, reader) =>
        {
            if (kind == BoardFrameKind.Info)
                sawInfo = true;
            observer?.Invoke(kind, reader);
        };
        try
        {
            AckFrame ack = SendCommand(FrameType.Hello, timeout);
            if (ack.Result != AckResult.Ok || !sawInfo)
                throw new WireSessionException(WireSessionFailure.ProtocolViolation,
                    $"The board answered Hello with {ack.Result} and {(sawInfo ? "an" : "no")} Info frame.");
            return Reader.Info;
        }
        finally
        {
            FrameObserved = observer;
        }
    }

    /// <summary>Sends Configure and returns its Ack (check <see cref="AckFrame.Result"/>).</summary>
    public AckFrame Configure(ConfigureCommand command, TimeSpan timeout)
    {
        ArgumentNullException.ThrowIfNull(command);
        uint sequence = _writer.NextSequence;
        int length = _writer.WriteConfigure(command, _output, 1);
        Send(length);
        return AwaitAck(FrameType.Configure, sequence, timeout);
    }

    /// <summary>Sends a command without payload (Hello, Start, Stop, StatusRequest, SelfTest) and returns its Ack.</summary>
    public AckFrame SendCommand(FrameType type, TimeSpan timeout)
    {
        uint sequence = _writer.NextSequence;
        int length = _writer.WriteCommand(type, _output, 1);
        Send(length);
        return AwaitAck(type, sequence, timeout);
    }

    private void Send(int length)
    {
        // The first write leads with a delimiter so the board drops any partial frame it holds.
        int start = 1;
        if (!_sentLeadingDelimiter)
        {
            _output[0] = WireLimits.Delimiter;
            start = 0;
            _sentLeadingDelimiter = true;
        }

        _stream.Write(_output, start, length + 1 - start);
        _stream.Flush();
    }

    private AckFrame AwaitAck(FrameType type, uint sequence, TimeSpan timeout)
    {
        var clock = Stopwatch.StartNew();
        while (true)
        {
            if (clock.Elapsed > timeout)
                throw new WireSessionException(WireSessionFailure.AckTimeout,
                    $"No Ack for {type} (command sequence {sequence}) within {timeout.TotalMilliseconds:0} ms. Is the board powered, on this port, and at this baud rate?");

            BoardFrameKind kind;
            try
            {
                kind = Reader.Read();
            }
            catch (TimeoutException)
            {
                continue;
            }

            if (kind == BoardFrameKind.EndOfStream)
                throw new WireSessionException(WireSessionFailure.LinkClosed, $"The link closed while waiting for the Ack of {type}.");
            if (kind == BoardFrameKind.Ack && Reader.Ack.CommandSequence == sequence && Reader.Ack.CommandType == type)
                return Reader.Ack;
            FrameObserved?.Invoke(kind, Reader);
        }
    }
}
