using QkdEdge.Wire.Framing;
using QkdEdge.Wire.Frames;

namespace QkdEdge.Ingest.Tests.Support;

/// <summary>
/// Writes the byte stream a board would send, with the real wire writer, and records where each
/// frame sits so that tests can cut, drop, repeat or corrupt exact frames.
/// </summary>
public sealed class ScriptedBoard
{
    private readonly List<byte> _bytes = [];
    private readonly byte[] _buffer = new byte[WireLimits.MaxWireFrameBytes];
    private readonly FrameWriter _writer;

    public ScriptedBoard(ushort stationId = 7, uint bootId = 0xB007_0001, uint firstSequence = 0)
    {
        _writer = new FrameWriter(stationId, firstSequence);
        BootId = bootId;
    }

    public uint BootId { get; }

    public int AlphabetSize { get; set; } = 3;

    public uint Period { get; set; } = 1000;

    public int BatchSize { get; set; } = 2048;

    public List<FramePlacement> Frames { get; } = [];

    public byte[] Bytes => _bytes.ToArray();

    public uint NextSequence => _writer.NextSequence;

    public ScriptedBoard Info(long nextRoundIndex = 0)
    {
        var info = new InfoFrame
        {
            FirmwareMajor = 1, BootId = BootId, TickFrequencyHz = 80_000_000, Role = StationRole.Alice,
            AlphabetSize = AlphabetSize, BatchSize = BatchSize, GateWidthTicks = 10, RoundPeriodTicks = Period,
            MaxBatchSize = 4096, State = RunState.Idle, NextRoundIndex = nextRoundIndex,
        };
        info.SetProfileId("esp32-devkitc");
        return Add(FrameType.Info, _writer.WriteInfo(info, _buffer, 0), -1, 0);
    }

    /// <summary>Sends rounds [from, to) of <paramref name="rounds"/> in batches, each batch in as many frames as it needs.</summary>
    public ScriptedBoard Rounds(SentRounds rounds, int from = 0, int to = -1)
    {
        if (to < 0)
            to = rounds.Count;
        for (int batchStart = from; batchStart < to; batchStart += BatchSize)
        {
            int batchEnd = Math.Min(to, batchStart + BatchSize);
            for (int start = batchStart; start < batchEnd;)
            {
                int length = _writer.WriteRounds(rounds.FirstRound + start, AlphabetSize, Period,
                    rounds.Settings, rounds.Clicks, rounds.TimeTags, start, batchEnd - start, _buffer, 0, out int written);
                Add(FrameType.Rounds, length, rounds.FirstRound + start, written);
                start += written;
            }
        }

        return this;
    }

    public ScriptedBoard Status(long roundsCompleted)
    {
        var status = new StatusFrame { State = RunState.Running, RoundsCompleted = roundsCompleted };
        return Add(FrameType.Status, _writer.WriteStatus(status, _buffer, 0), -1, 0);
    }

    public ScriptedBoard Ack(FrameType command, uint commandSequence, AckResult result = AckResult.Ok)
    {
        var ack = new AckFrame { CommandType = command, CommandSequence = commandSequence, Result = result };
        return Add(FrameType.Ack, _writer.WriteAck(ack, _buffer, 0), -1, 0);
    }

    /// <summary>A frame of another protocol version (header layout is the same in every version).</summary>
    public ScriptedBoard OtherVersion(byte version)
    {
        return Add(FrameType.Status, _writer.WriteRaw(version, (byte)FrameType.Status, new byte[5], 0, 5, _buffer, 0), -1, 0);
    }

    public ScriptedBoard Raw(params byte[] bytes)
    {
        _bytes.AddRange(bytes);
        return this;
    }

    private ScriptedBoard Add(FrameType type, int length, long firstRound, int roundCount)
    {
        Frames.Add(new FramePlacement(type, _bytes.Count, length, firstRound, roundCount));
        _bytes.AddRange(_buffer.AsSpan(0, length));
        return this;
    }
}

/// <summary>Where one frame sits in a scripted stream (length includes the delimiter).</summary>
public sealed record FramePlacement(FrameType Type, int Offset, int Length, long FirstRound, int RoundCount)
{
    public int End => Offset + Length;
}
