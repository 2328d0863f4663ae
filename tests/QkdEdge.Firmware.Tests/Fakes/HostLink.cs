using QkdEdge.Firmware.Hardware;
using QkdEdge.Wire.Frames;
using QkdEdge.Wire.Framing;

namespace QkdEdge.Firmware.Tests.Fakes;

/// <summary>
/// The serial link as the host sees it: commands written with the wire's <see cref="FrameWriter"/>
/// queue up for the board, and the board's frames are decoded with a host-side
/// <see cref="FrameReceiver"/>. The board-facing side copies into buffers allocated once.
/// </summary>
internal sealed class HostLink : ISerialLink
{
    private readonly byte[] _toBoard = new byte[16 * 1024];
    private int _toBoardRead;
    private int _toBoardWrite;
    private readonly byte[] _fromBoard = new byte[1024 * 1024];
    private int _fromBoardWrite;
    private int _fromBoardRead;
    private readonly FrameWriter _hostWriter = new(WireLimits.BroadcastStationId);
    private readonly FrameReceiver _hostReceiver = new(LinkEnd.Host);
    private readonly byte[] _scratch = new byte[WireLimits.MaxWireFrameBytes];

    /// <summary>When set, the board's writes are refused (a full transmit buffer).</summary>
    public bool RefuseWrites { get; set; }

    /// <summary>When set, the board's frames are counted but not kept (long runs).</summary>
    public bool DiscardBoardOutput { get; set; }

    public long BytesFromBoard { get; private set; }

    public int Read(byte[] buffer, int offset, int count)
    {
        int n = Math.Min(count, _toBoardWrite - _toBoardRead);
        Array.Copy(_toBoard, _toBoardRead, buffer, offset, n);
        _toBoardRead += n;
        return n;
    }

    public bool TryWrite(byte[] buffer, int offset, int count)
    {
        if (RefuseWrites)
            return false;
        BytesFromBoard += count;
        if (DiscardBoardOutput)
            return true;
        Array.Copy(buffer, offset, _fromBoard, _fromBoardWrite, count);
        _fromBoardWrite += count;
        return true;
    }

    /// <summary>Queues a command without payload, addressed to <paramref name="stationId"/>.</summary>
    public uint SendCommand(FrameType type, ushort stationId = WireLimits.BroadcastStationId)
    {
        _hostWriter.StationId = stationId;
        uint sequence = _hostWriter.NextSequence;
        Queue(_scratch, _hostWriter.WriteCommand(type, _scratch, 0));
        return sequence;
    }

    public uint SendConfigure(StationRole role, int alphabetSize, int batchSize, uint gateWidthTicks, uint roundPeriodTicks)
    {
        var command = new ConfigureCommand
        {
            Role = role,
            AlphabetSize = alphabetSize,
            BatchSize = batchSize,
            GateWidthTicks = gateWidthTicks,
            RoundPeriodTicks = roundPeriodTicks,
        };
        _hostWriter.StationId = WireLimits.BroadcastStationId;
        uint sequence = _hostWriter.NextSequence;
        Queue(_scratch, _hostWriter.WriteConfigure(command, _scratch, 0));
        return sequence;
    }

    /// <summary>Queues bytes as they are (damaged frames, noise).</summary>
    public void SendRaw(byte[] bytes) => Queue(bytes, bytes.Length);

    /// <summary>Decodes every complete frame the board has written since the last call.</summary>
    public List<BoardFrame> ReadFrames()
    {
        var frames = new List<BoardFrame>();
        while (_fromBoardRead < _fromBoardWrite)
        {
            bool complete = _hostReceiver.TryReadFrame(_fromBoard, _fromBoardRead, _fromBoardWrite - _fromBoardRead, out int consumed);
            _fromBoardRead += consumed;
            if (!complete)
                break;
            Assert.Equal(FrameError.None, _hostReceiver.Error);
            frames.Add(new BoardFrame(_hostReceiver.Type, _hostReceiver.Sequence, _hostReceiver.StationId,
                _hostReceiver.Frame.AsSpan(_hostReceiver.PayloadOffset, _hostReceiver.PayloadLength).ToArray()));
        }

        return frames;
    }

    private void Queue(byte[] bytes, int count)
    {
        if (_toBoardRead == _toBoardWrite)
        {
            _toBoardRead = 0;
            _toBoardWrite = 0;
        }

        Array.Copy(bytes, 0, _toBoard, _toBoardWrite, count);
        _toBoardWrite += count;
    }
}

/// <summary>One decoded board-to-host frame.</summary>
internal sealed record BoardFrame(FrameType Type, uint Sequence, ushort StationId, byte[] Payload)
{
    public AckFrame ReadAck()
    {
        Assert.Equal(FrameType.Ack, Type);
        var ack = new AckFrame();
        Assert.Equal(FrameError.None, ack.ReadPayload(Payload, 0, Payload.Length, out _));
        return ack;
    }

    public InfoFrame ReadInfo()
    {
        Assert.Equal(FrameType.Info, Type);
        var info = new InfoFrame();
        Assert.Equal(FrameError.None, info.ReadPayload(Payload, 0, Payload.Length, out _));
        return info;
    }

    public StatusFrame ReadStatus()
    {
        Assert.Equal(FrameType.Status, Type);
        var status = new StatusFrame();
        Assert.Equal(FrameError.None, status.ReadPayload(Payload, 0, Payload.Length, out _));
        return status;
    }

    /// <summary>Decodes a Rounds frame into fresh columns.</summary>
    public (RoundsFrame Frame, byte[] Settings, byte[] Clicks, long[] TimeTags) ReadRounds()
    {
        Assert.Equal(FrameType.Rounds, Type);
        var frame = new RoundsFrame();
        int capacity = RoundsFrameLayout.MaxRoundsPerAnyFrame;
        var settings = new byte[capacity];
        var clicks = new byte[capacity];
        var tags = new long[capacity];
        Assert.Equal(FrameError.None, frame.ReadPayload(Payload, 0, Payload.Length, settings, clicks, tags, 0, out _));
        return (frame, settings[..frame.RoundCount], clicks[..frame.RoundCount], tags[..frame.RoundCount]);
    }

    public RngAlarmFrame ReadAlarm()
    {
        Assert.Equal(FrameType.RngAlarm, Type);
        var alarm = new RngAlarmFrame();
        Assert.Equal(FrameError.None, alarm.ReadPayload(Payload, 0, Payload.Length, out _));
        return alarm;
    }
}
