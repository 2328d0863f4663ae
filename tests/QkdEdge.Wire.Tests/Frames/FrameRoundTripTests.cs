using CsCheck;
using QkdEdge.Wire.Framing;
using QkdEdge.Wire.Frames;
using QkdEdge.Wire.Tests.Support;

namespace QkdEdge.Wire.Tests.Frames;

/// <summary>Every frame type, written by the board-side writer and read back by the receiver and payload readers.</summary>
public sealed class FrameRoundTripTests
{
    private static readonly Gen<ushort> Station = Gen.UShort;
    private static readonly Gen<uint> Sequence = Gen.UInt;

    [Fact]
    public void Info_WhenWrittenAndRead_KeepsEveryField()
    {
        Gen<InfoFrame> gen =
            from fw in Gen.Select(Gen.Int[0, 255], Gen.Int[0, 255], Gen.Int[0, 65535])
            from ids in Gen.Select(Gen.UInt, Gen.UInt)
            from role in Gen.Enum<StationRole>()
            from config in Gen.Select(Gen.OneOf(Gen.Const(0), Gen.Int[2, 255]), Gen.Int[0, 65535], Gen.UInt, Gen.UInt)
            from maxBatch in Gen.Int[1, 65535]
            from state in Gen.Enum<RunState>()
            from next in Gen.Long[0, long.MaxValue]
            from profile in Gen.Char[' ', '~'].Array[1, InfoFrame.MaxProfileIdLength].Select(c => new string(c))
            select Build(fw, ids, role, config, maxBatch, state, next, profile);

        Property.Check(Gen.Select(gen, Station, Sequence), 500, seed: 71, t =>
        {
            (InfoFrame sent, ushort station, uint sequence) = t;
            FrameReceiver received = RoundTrip((w, b) => w.WriteInfo(sent, b, 0), station, sequence, FrameType.Info);
            var read = new InfoFrame();
            Assert.Equal(FrameError.None, read.ReadPayload(received.Frame, received.PayloadOffset, received.PayloadLength, out _));
            Assert.Equal(Describe(sent), Describe(read));
        });

        static InfoFrame Build((int, int, int) fw, (uint, uint) ids, StationRole role, (int, int, uint, uint) config,
            int maxBatch, RunState state, long next, string profile)
        {
            var info = new InfoFrame
            {
                FirmwareMajor = fw.Item1, FirmwareMinor = fw.Item2, FirmwarePatch = fw.Item3,
                BootId = ids.Item1, TickFrequencyHz = ids.Item2, Role = role,
                AlphabetSize = config.Item1, BatchSize = config.Item2, GateWidthTicks = config.Item3, RoundPeriodTicks = config.Item4,
                MaxBatchSize = maxBatch, State = state, NextRoundIndex = next,
            };
            info.SetProfileId(profile);
            return info;
        }

        static string Describe(InfoFrame i) =>
            $"{i.FirmwareMajor}.{i.FirmwareMinor}.{i.FirmwarePatch} {i.BootId} {i.TickFrequencyHz} {i.Role} {i.AlphabetSize} {i.BatchSize} "
            + $"{i.GateWidthTicks} {i.RoundPeriodTicks} {i.MaxBatchSize} {i.State} {i.NextRoundIndex} [{i.GetProfileId()}]";
    }

    [Fact]
    public void Status_WhenWrittenAndRead_KeepsEveryField()
    {
        Gen<StatusFrame> gen =
            from state in Gen.Enum<RunState>()
            from rounds in Gen.Long[0, long.MaxValue]
            from counters in Gen.Select(Gen.UInt, Gen.UInt, Gen.UInt, Gen.UInt, Gen.UInt)
            from tick in Gen.Long
            select new StatusFrame
            {
                State = state, RoundsCompleted = rounds, Batches = counters.Item1, Overruns = counters.Item2,
                DroppedBatches = counters.Item3, RngAlarms = counters.Item4, RejectedCommandFrames = counters.Item5, CurrentTick = tick,
            };

        Property.Check(Gen.Select(gen, Station, Sequence), 500, seed: 72, t =>
        {
            (StatusFrame sent, ushort station, uint sequence) = t;
            FrameReceiver received = RoundTrip((w, b) => w.WriteStatus(sent, b, 0), station, sequence, FrameType.Status);
            var read = new StatusFrame();
            Assert.Equal(FrameError.None, read.ReadPayload(received.Frame, received.PayloadOffset, received.PayloadLength, out _));
            Assert.Equal((sent.State, sent.RoundsCompleted, sent.Batches, sent.Overruns, sent.DroppedBatches, sent.RngAlarms, sent.RejectedCommandFrames, sent.CurrentTick),
                (read.State, read.RoundsCompleted, read.Batches, read.Overruns, read.DroppedBatches, read.RngAlarms, read.RejectedCommandFrames, read.CurrentTick));
        });
    }

    [Fact]
    public void RngAlarm_WhenWrittenAndRead_KeepsEveryField()
    {
        Gen<RngAlarmFrame> gen =
            from test in Gen.Enum<RngHealthTest>()
            from counts in Gen.Select(Gen.UInt, Gen.UInt, Gen.UInt)
            from samples in Gen.Long[0, long.MaxValue]
            from round in Gen.Long[0, long.MaxValue]
            select new RngAlarmFrame { Test = test, Observed = counts.Item1, Cutoff = counts.Item2, WindowSize = counts.Item3, SamplesTested = samples, RoundIndex = round };

        Property.Check(Gen.Select(gen, Station, Sequence), 500, seed: 73, t =>
        {
            (RngAlarmFrame sent, ushort station, uint sequence) = t;
            FrameReceiver received = RoundTrip((w, b) => w.WriteRngAlarm(sent, b, 0), station, sequence, FrameType.RngAlarm);
            var read = new RngAlarmFrame();
            Assert.Equal(FrameError.None, read.ReadPayload(received.Frame, received.PayloadOffset, received.PayloadLength, out _));
            Assert.Equal((sent.Test, sent.Observed, sent.Cutoff, sent.WindowSize, sent.SamplesTested, sent.RoundIndex),
                (read.Test, read.Observed, read.Cutoff, read.WindowSize, read.SamplesTested, read.RoundIndex));
        });
    }

    [Fact]
    public void Ack_WhenWrittenAndRead_KeepsEveryField()
    {
        Gen<AckFrame> gen =
            from type in Gen.OneOf(Gen.Const(FrameType.Hello), Gen.Const(FrameType.Configure), Gen.Const(FrameType.Start),
                Gen.Const(FrameType.Stop), Gen.Const(FrameType.StatusRequest), Gen.Const(FrameType.SelfTest), Gen.Byte[0x47, 0x7F].Select(b => (FrameType)b))
            from sequence in Gen.UInt
            from result in Gen.Enum<AckResult>()
            from state in Gen.Enum<RunState>()
            select new AckFrame { CommandType = type, CommandSequence = sequence, Result = result, State = state };

        Property.Check(Gen.Select(gen, Station, Sequence), 500, seed: 74, t =>
        {
            (AckFrame sent, ushort station, uint sequence) = t;
            FrameReceiver received = RoundTrip((w, b) => w.WriteAck(sent, b, 0), station, sequence, FrameType.Ack);
            var read = new AckFrame();
            Assert.Equal(FrameError.None, read.ReadPayload(received.Frame, received.PayloadOffset, received.PayloadLength, out _));
            Assert.Equal((sent.CommandType, sent.CommandSequence, sent.Result, sent.State), (read.CommandType, read.CommandSequence, read.Result, read.State));
        });
    }

    [Fact]
    public void Configure_WhenWrittenAndRead_KeepsEveryField()
    {
        Gen<ConfigureCommand> gen =
            from role in Gen.OneOf(Gen.Const(StationRole.Alice), Gen.Const(StationRole.Bob))
            from k in Gen.Int[2, 255]
            from batch in Gen.Int[1, 65535]
            from period in Gen.UInt[1, uint.MaxValue]
            from gate in Gen.UInt[1, period]
            select new ConfigureCommand { Role = role, AlphabetSize = k, BatchSize = batch, GateWidthTicks = gate, RoundPeriodTicks = period };

        Property.Check(Gen.Select(gen, Station, Sequence), 500, seed: 75, t =>
        {
            (ConfigureCommand sent, ushort station, uint sequence) = t;
            FrameReceiver received = RoundTrip((w, b) => w.WriteConfigure(sent, b, 0), station, sequence, FrameType.Configure);
            var read = new ConfigureCommand();
            Assert.Equal(FrameError.None, read.ReadPayload(received.Frame, received.PayloadOffset, received.PayloadLength, out _));
            Assert.Equal((sent.Role, sent.AlphabetSize, sent.BatchSize, sent.GateWidthTicks, sent.RoundPeriodTicks),
                (read.Role, read.AlphabetSize, read.BatchSize, read.GateWidthTicks, read.RoundPeriodTicks));
        });
    }

    [Theory]
    [InlineData(FrameType.Hello)]
    [InlineData(FrameType.Start)]
    [InlineData(FrameType.Stop)]
    [InlineData(FrameType.StatusRequest)]
    [InlineData(FrameType.SelfTest)]
    public void Command_WhenWrittenAndRead_KeepsTypeStationAndSequence(FrameType type)
    {
        Property.Check(Gen.Select(Station, Sequence), 200, seed: 76, t =>
        {
            FrameReceiver received = RoundTrip((w, b) => w.WriteCommand(type, b, 0), t.Item1, t.Item2, type);
            Assert.Equal(0, received.PayloadLength);
        });
    }

    [Fact]
    public void Rounds_WhenWrittenAndRead_KeepsEveryRoundAcrossFrames()
    {
        Property.Check(Gen.Select(RoundColumns.Generator(6000), Station, Sequence), 300, seed: 77, t =>
        {
            (RoundColumns sent, ushort station, uint sequence) = t;
            var writer = new FrameWriter(station, sequence);
            var receiver = new FrameReceiver(LinkEnd.Host);
            var frame = new RoundsFrame();
            var settings = new byte[sent.Count];
            var clicks = new byte[sent.Count];
            var tags = new long[sent.Count];
            var output = new byte[WireLimits.MaxWireFrameBytes];
            int start = 0;
            uint expectedSequence = sequence;
            while (start < sent.Count)
            {
                int length = writer.WriteRounds(sent.FirstRound + start, sent.AlphabetSize, sent.Period,
                    sent.Settings, sent.Clicks, sent.TimeTags, start, sent.Count - start, output, 0, out int written);
                Assert.True(length <= WireLimits.MaxWireFrameBytes);
                Assert.True(receiver.TryReadFrame(output, 0, length, out _));
                Assert.Equal(FrameError.None, receiver.Error);
                Assert.Equal((FrameType.Rounds, station, expectedSequence++), (receiver.Type, receiver.StationId, receiver.Sequence));
                Assert.Equal(FrameError.None, frame.ReadPayload(receiver.Frame, receiver.PayloadOffset, receiver.PayloadLength, settings, clicks, tags, start, out _));
                Assert.Equal((sent.FirstRound + start, written, sent.AlphabetSize, sent.Period), (frame.FirstRoundIndex, frame.RoundCount, frame.AlphabetSize, frame.PeriodTicks));
                start += written;
            }

            Assert.Equal(sent.Settings, settings);
            Assert.Equal(sent.Clicks, clicks);
            Assert.Equal(sent.TimeTags, tags);
        });
    }

    /// <summary>Writes with a fresh writer at (station, sequence), then receives the bytes and checks the header.</summary>
    private static FrameReceiver RoundTrip(Func<FrameWriter, byte[], int> write, ushort station, uint sequence, FrameType type)
    {
        var writer = new FrameWriter(station, sequence);
        var buffer = new byte[WireLimits.MaxWireFrameBytes];
        int length = write(writer, buffer);
        byte[] bytes = buffer.AsSpan(0, length).ToArray();
        Assert.Equal(0, bytes[^1]);
        Assert.DoesNotContain((byte)0, bytes[..^1]);
        FrameReceiver received = WireBytes.ReceiveOne(bytes, FrameTypes.IsCommand((byte)type) ? LinkEnd.Board : LinkEnd.Host);
        Assert.Equal(FrameError.None, received.Error);
        Assert.Equal((WireLimits.ProtocolVersion, type, station, sequence), (received.Version, received.Type, received.StationId, received.Sequence));
        return received;
    }
}
