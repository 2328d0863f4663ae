using QkdEdge.Wire.Framing;
using QkdEdge.Wire.Frames;
using QkdEdge.Wire.Packing;

namespace QkdEdge.Fuzz.Wire;

/// <summary>
/// Seed inputs for the wire targets, written by the product's own encoders (<see cref="FrameWriter"/>)
/// with the values an emulated board sends: a boot's Info, Rounds of several alphabets with time-tag
/// exceptions, Status, Ack and RngAlarm, a board reset, the host's commands, and the same bytes raw.
/// </summary>
public static class WireSeeds
{
    private const ushort Station = 7;

    /// <summary>Seeds for a receiver at either end: the host's frames and the board's commands.</summary>
    public static IEnumerable<FuzzSeed> BothEnds() => ForHost().Append(Seed("valid-board-commands", 1, Commands()));

    /// <summary>Seeds for the host's receiving path.</summary>
    public static IEnumerable<FuzzSeed> ForHost()
    {
        byte hostWhole = 0;
        byte hostChunked = 7 << 1;

        yield return Seed("valid-host-session", hostWhole, Session(out _));
        yield return Seed("valid-host-session-chunked", hostChunked, Session(out _));
        yield return Seed("valid-host-alphabets", hostWhole, Alphabets());
        yield return Seed("valid-host-full-frame", hostWhole, FullFrame());
        yield return Seed("valid-host-reset", hostWhole, Reset());

        Session(out byte[] wire);
        yield return Seed("raw-host-session", hostWhole, RawRecords(wire));
        yield return Seed("raw-host-joined-mid-frame", hostChunked, RawRecords(wire.AsSpan(17).ToArray()));
        yield return Seed("other-version", hostWhole, OtherVersion());
    }

    private static FuzzSeed Seed(string name, byte mode, List<byte> script)
    {
        script.Insert(0, mode);
        return new FuzzSeed(name, [.. script]);
    }

    private static List<byte> Session(out byte[] wire)
    {
        var frames = new FrameSink(Station);
        frames.Info(bootId: 0xA1B2C3D4, alphabet: 3, nextRound: 0);
        long next = frames.Rounds(firstRound: 0, alphabet: 3, count: 12, seed: 1, deviations: 2);
        next = frames.Rounds(next, alphabet: 3, count: 200, seed: 2, deviations: 5);
        frames.Status(roundsCompleted: next);
        frames.Ack(FrameType.StatusRequest, commandSequence: 4);
        frames.RngAlarm(roundIndex: next);
        wire = frames.Wire;
        return frames.Script;
    }

    /// <summary>
    /// Every alphabet the wire allows. Besides being a seed, it makes the warm-up build the host
    /// decoder's lazily made per-alphabet tables, which otherwise show up as unstable edges the
    /// first time the fuzzer meets an alphabet.
    /// </summary>
    private static List<byte> Alphabets()
    {
        var frames = new FrameSink(Station);
        long next = 0;
        for (int k = SettingsPacking.MinAlphabetSize; k <= SettingsPacking.MaxAlphabetSize; k++)
            next = frames.Rounds(next, alphabet: k, count: 12, seed: k, deviations: 1);
        return frames.Script;
    }

    private static List<byte> FullFrame()
    {
        var frames = new FrameSink(Station);
        frames.Rounds(firstRound: 1 << 20, alphabet: 2, count: RoundsFrameLayout.MaxRoundsPerFrame(2), seed: 3, deviations: 0);
        return frames.Script;
    }

    private static List<byte> Reset()
    {
        var frames = new FrameSink(Station);
        frames.Info(bootId: 1, alphabet: 2, nextRound: 0);
        frames.Rounds(firstRound: 0, alphabet: 2, count: 64, seed: 4, deviations: 1);
        frames.Restart();
        frames.Info(bootId: 2, alphabet: 2, nextRound: 0);
        frames.Rounds(firstRound: 0, alphabet: 2, count: 64, seed: 5, deviations: 1);
        return frames.Script;
    }

    private static List<byte> Commands()
    {
        var frames = new FrameSink(WireLimits.BroadcastStationId);
        frames.Command(FrameType.Hello);
        frames.Configure();
        frames.Command(FrameType.Start);
        frames.Command(FrameType.StatusRequest);
        frames.Command(FrameType.Stop);
        frames.Command(FrameType.SelfTest);
        return frames.Script;
    }

    private static List<byte> OtherVersion()
    {
        var writer = new FrameWriter(Station);
        byte[] output = new byte[WireLimits.MaxWireFrameBytes];
        int length = writer.WriteRaw(2, (byte)FrameType.Info, [0x01, 0x02], 0, 2, output, 0);
        var script = new List<byte>();
        WireScript.AppendRecord(script, WireScript.ValidFrame, FrameSink.HeaderAndPayload(output, length));
        return script;
    }

    /// <summary>Wire bytes as raw records: the stream as a board sent it, CRCs and delimiters included.</summary>
    private static List<byte> RawRecords(byte[] wire)
    {
        var script = new List<byte>();
        for (int offset = 0; offset < wire.Length; offset += 2000)
            WireScript.AppendRecord(script, 0, wire.AsSpan(offset, Math.Min(2000, wire.Length - offset)));
        return script;
    }

    /// <summary>Writes frames with the product's encoder and keeps both the script records and the wire bytes.</summary>
    private sealed class FrameSink(ushort stationId)
    {
        private FrameWriter _writer = new(stationId);
        private readonly List<byte> _wire = [];
        private readonly byte[] _output = new byte[WireLimits.MaxWireFrameBytes];

        public List<byte> Script { get; } = [];

        public byte[] Wire => [.. _wire];

        public void Restart() => _writer = new FrameWriter(_writer.StationId);

        public void Info(uint bootId, int alphabet, long nextRound)
        {
            var info = new InfoFrame
            {
                FirmwareMajor = 1, FirmwareMinor = 2, FirmwarePatch = 3, BootId = bootId, TickFrequencyHz = 80_000_000,
                Role = StationRole.Alice, AlphabetSize = alphabet, BatchSize = 2048, GateWidthTicks = 20, RoundPeriodTicks = 100,
                MaxBatchSize = 4096, State = RunState.Idle, NextRoundIndex = nextRound,
            };
            info.SetProfileId("esp32-devkitc");
            Add(_writer.WriteInfo(info, _output, 0));
        }

        /// <summary>Writes <paramref name="count"/> rounds (one frame or more); returns the next round index.</summary>
        public long Rounds(long firstRound, int alphabet, int count, int seed, int deviations)
        {
            var random = new Random(seed);
            var settings = new byte[count];
            var clicks = new byte[count];
            var tags = new long[count];
            const uint period = 100;
            long tag = 1_000_000;
            for (int i = 0; i < count; i++)
            {
                settings[i] = (byte)random.Next(alphabet);
                clicks[i] = (byte)random.Next(4);
                tag += i == 0 ? 0 : period;
                if (i > 0 && i % Math.Max(1, count / Math.Max(1, deviations)) == 0 && deviations > 0)
                    tag += random.Next(2) == 0 ? -1 : period; // an early trigger, or a missed one
                tags[i] = tag;
            }

            int start = 0;
            while (start < count)
            {
                int written = _writer.WriteRounds(firstRound + start, alphabet, period, settings, clicks, tags, start, count - start,
                    _output, 0, out int rounds);
                Add(written);
                start += rounds;
            }

            return firstRound + count;
        }

        public void Status(long roundsCompleted)
        {
            var status = new StatusFrame
            {
                State = RunState.Running, RoundsCompleted = roundsCompleted, Batches = 3, Overruns = 0, DroppedBatches = 1,
                RngAlarms = 0, RejectedCommandFrames = 2, CurrentTick = 123_456_789,
            };
            Add(_writer.WriteStatus(status, _output, 0));
        }

        public void Ack(FrameType command, uint commandSequence)
        {
            var ack = new AckFrame { CommandType = command, CommandSequence = commandSequence, Result = AckResult.Ok, State = RunState.Running };
            Add(_writer.WriteAck(ack, _output, 0));
        }

        public void RngAlarm(long roundIndex)
        {
            var alarm = new RngAlarmFrame
            {
                Test = RngHealthTest.RepetitionCount, Observed = 41, Cutoff = 41, WindowSize = 0, SamplesTested = 1 << 20, RoundIndex = roundIndex,
            };
            Add(_writer.WriteRngAlarm(alarm, _output, 0));
        }

        public void Command(FrameType type) => Add(_writer.WriteCommand(type, _output, 0));

        public void Configure()
        {
            var configure = new ConfigureCommand
            {
                Role = StationRole.Bob, AlphabetSize = 2, BatchSize = 2048, GateWidthTicks = 20, RoundPeriodTicks = 100,
            };
            Add(_writer.WriteConfigure(configure, _output, 0));
        }

        private void Add(int length)
        {
            _wire.AddRange(_output.AsSpan(0, length).ToArray());
            WireScript.AppendRecord(Script, WireScript.ValidFrame, HeaderAndPayload(_output, length));
        }

        /// <summary>Undoes the COBS encoding of one written frame and drops its CRC: the record body.</summary>
        public static byte[] HeaderAndPayload(byte[] wire, int length)
        {
            var decoded = new byte[length];
            if (!Cobs.TryDecode(wire, 0, length - 1, decoded, 0, out int decodedLength, out _))
                throw new InvalidOperationException("The frame writer produced a frame that does not decode.");
            return decoded.AsSpan(0, decodedLength - WireLimits.CrcBytes).ToArray();
        }
    }
}
