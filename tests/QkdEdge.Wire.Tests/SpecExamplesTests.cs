using QkdEdge.Wire.Decoding;
using QkdEdge.Wire.Framing;
using QkdEdge.Wire.Frames;
using QkdEdge.Wire.Tests.Support;

namespace QkdEdge.Wire.Tests;

/// <summary>
/// The hex examples of docs/wire-protocol.md section 8, read from the document itself: the fields
/// below are the ones the document lists beside each example. Encoding the fields must give the
/// document's bytes, and decoding the bytes must give the fields.
/// </summary>
public sealed class SpecExamplesTests
{
    [Fact]
    public void Document_WhenParsed_HasEveryExample()
    {
        Assert.Equal(
            ["ack", "configure", "hello", "info", "rng-alarm", "rounds-alice", "rounds-bob", "status"],
            SpecDocument.ExampleNames.Order().ToArray());
    }

    [Fact]
    public void Hello_WhenEncodedAndDecoded_MatchesSpecExample()
    {
        byte[] expected = SpecDocument.Example("hello");
        var writer = new FrameWriter(WireLimits.BroadcastStationId, 0);
        Assert.Equal(WireBytes.Hex(expected), WireBytes.Hex(WireBytes.Write(b => writer.WriteCommand(FrameType.Hello, b, 0))));

        FrameReceiver received = WireBytes.ReceiveOne(expected, LinkEnd.Board);
        AssertHeader(received, FrameType.Hello, WireLimits.BroadcastStationId, 0);
        Assert.Equal(0, received.PayloadLength);
    }

    [Fact]
    public void Configure_WhenEncodedAndDecoded_MatchesSpecExample()
    {
        byte[] expected = SpecDocument.Example("configure");
        var command = new ConfigureCommand { Role = StationRole.Alice, AlphabetSize = 3, BatchSize = 2048, GateWidthTicks = 20, RoundPeriodTicks = 100 };
        var writer = new FrameWriter(7, 1);
        Assert.Equal(WireBytes.Hex(expected), WireBytes.Hex(WireBytes.Write(b => writer.WriteConfigure(command, b, 0))));

        FrameReceiver received = WireBytes.ReceiveOne(expected, LinkEnd.Board);
        AssertHeader(received, FrameType.Configure, 7, 1);
        var decoded = new ConfigureCommand();
        Assert.Equal(FrameError.None, decoded.ReadPayload(received.Frame, received.PayloadOffset, received.PayloadLength, out _));
        Assert.Equal((StationRole.Alice, 3, 2048, 20u, 100u), (decoded.Role, decoded.AlphabetSize, decoded.BatchSize, decoded.GateWidthTicks, decoded.RoundPeriodTicks));
    }

    [Fact]
    public void Info_WhenEncodedAndDecoded_MatchesSpecExample()
    {
        byte[] expected = SpecDocument.Example("info");
        var info = new InfoFrame
        {
            FirmwareMajor = 1, FirmwareMinor = 2, FirmwarePatch = 3, BootId = 0xA1B2C3D4, TickFrequencyHz = 80_000_000,
            Role = StationRole.Alice, AlphabetSize = 3, BatchSize = 2048, GateWidthTicks = 20, RoundPeriodTicks = 100,
            MaxBatchSize = 4096, State = RunState.Idle, NextRoundIndex = 0,
        };
        info.SetProfileId("esp32-devkitc");
        var writer = new FrameWriter(7, 0);
        Assert.Equal(WireBytes.Hex(expected), WireBytes.Hex(WireBytes.Write(b => writer.WriteInfo(info, b, 0))));

        FrameReceiver received = WireBytes.ReceiveOne(expected, LinkEnd.Host);
        AssertHeader(received, FrameType.Info, 7, 0);
        var decoded = new InfoFrame();
        Assert.Equal(FrameError.None, decoded.ReadPayload(received.Frame, received.PayloadOffset, received.PayloadLength, out _));
        Assert.Equal((1, 2, 3, 0xA1B2C3D4u, 80_000_000u), (decoded.FirmwareMajor, decoded.FirmwareMinor, decoded.FirmwarePatch, decoded.BootId, decoded.TickFrequencyHz));
        Assert.Equal((StationRole.Alice, 3, 2048, 20u, 100u), (decoded.Role, decoded.AlphabetSize, decoded.BatchSize, decoded.GateWidthTicks, decoded.RoundPeriodTicks));
        Assert.Equal((4096, RunState.Idle, 0L, "esp32-devkitc"), (decoded.MaxBatchSize, decoded.State, decoded.NextRoundIndex, decoded.GetProfileId()));
    }

    public static TheoryData<string> RoundExamples => new() { "rounds-alice", "rounds-bob" };

    [Theory]
    [MemberData(nameof(RoundExamples))]
    public void Rounds_WhenEncoded_MatchesSpecExample(string name)
    {
        RoundsExample example = RoundsExample.Named(name);
        var writer = new FrameWriter(example.StationId, example.Sequence);
        byte[] actual = WireBytes.Write(b => writer.WriteRounds(example.FirstRound, example.AlphabetSize, example.Period,
            example.Settings, example.Clicks, example.TimeTags, 0, example.Settings.Length, b, 0, out int written));
        Assert.Equal(WireBytes.Hex(SpecDocument.Example(name)), WireBytes.Hex(actual));
    }

    [Theory]
    [MemberData(nameof(RoundExamples))]
    public void Rounds_WhenDecodedByReferenceDecoder_GivesSpecFields(string name)
    {
        RoundsExample example = RoundsExample.Named(name);
        FrameReceiver received = WireBytes.ReceiveOne(SpecDocument.Example(name), LinkEnd.Host);
        AssertHeader(received, FrameType.Rounds, example.StationId, example.Sequence);

        int n = example.Settings.Length;
        var settings = new byte[n];
        var clicks = new byte[n];
        var tags = new long[n];
        var frame = new RoundsFrame();
        Assert.Equal(FrameError.None, frame.ReadPayload(received.Frame, received.PayloadOffset, received.PayloadLength, settings, clicks, tags, 0, out _));
        Assert.Equal((example.FirstRound, n, example.AlphabetSize, example.TimeTags[0], example.Period, example.ExceptionCount),
            (frame.FirstRoundIndex, frame.RoundCount, frame.AlphabetSize, frame.FirstTimeTag, frame.PeriodTicks, frame.ExceptionCount));
        Assert.Equal(example.Settings, settings);
        Assert.Equal(example.Clicks, clicks);
        Assert.Equal(example.TimeTags, tags);
    }

    [Theory]
    [MemberData(nameof(RoundExamples))]
    public void Rounds_WhenDecodedByHostDecoder_GivesSpecFields(string name)
    {
        RoundsExample example = RoundsExample.Named(name);
        byte[] wire = SpecDocument.Example(name);
        var decoded = new byte[WireLimits.MaxEncodedFrameBytes];
        Assert.Equal(FrameError.None, FrameDecoder.TryDecode(wire.AsSpan(0, wire.Length - 1), decoded, LinkEnd.Host, out FrameHeader header, out int length, out _));
        Assert.Equal(new FrameHeader(1, FrameType.Rounds, example.StationId, example.Sequence), header);

        int n = example.Settings.Length;
        var settings = new byte[n];
        var clicks = new byte[n];
        var tags = new long[n];
        Assert.Equal(FrameError.None, RoundsPayloadDecoder.Decode(decoded.AsSpan(WireLimits.PayloadOffset, length - WireLimits.HeaderBytes - WireLimits.CrcBytes),
            settings, clicks, tags, out RoundsHeader rounds, out _));
        Assert.Equal(new RoundsHeader(example.FirstRound, n, example.AlphabetSize, example.TimeTags[0], example.Period, example.ExceptionCount), rounds);
        Assert.Equal(example.Settings, settings);
        Assert.Equal(example.Clicks, clicks);
        Assert.Equal(example.TimeTags, tags);
    }

    [Fact]
    public void Status_WhenEncodedAndDecoded_MatchesSpecExample()
    {
        byte[] expected = SpecDocument.Example("status");
        var status = new StatusFrame
        {
            State = RunState.Running, RoundsCompleted = 6144, Batches = 3, Overruns = 0, DroppedBatches = 1,
            RngAlarms = 0, RejectedCommandFrames = 2, CurrentTick = 123_456_789,
        };
        var writer = new FrameWriter(7, 2);
        Assert.Equal(WireBytes.Hex(expected), WireBytes.Hex(WireBytes.Write(b => writer.WriteStatus(status, b, 0))));

        FrameReceiver received = WireBytes.ReceiveOne(expected, LinkEnd.Host);
        AssertHeader(received, FrameType.Status, 7, 2);
        var decoded = new StatusFrame();
        Assert.Equal(FrameError.None, decoded.ReadPayload(received.Frame, received.PayloadOffset, received.PayloadLength, out _));
        Assert.Equal((RunState.Running, 6144L, 3u, 0u, 1u, 0u, 2u, 123_456_789L),
            (decoded.State, decoded.RoundsCompleted, decoded.Batches, decoded.Overruns, decoded.DroppedBatches, decoded.RngAlarms, decoded.RejectedCommandFrames, decoded.CurrentTick));
    }

    [Fact]
    public void RngAlarm_WhenEncodedAndDecoded_MatchesSpecExample()
    {
        byte[] expected = SpecDocument.Example("rng-alarm");
        var alarm = new RngAlarmFrame
        {
            Test = RngHealthTest.RepetitionCount, Observed = 41, Cutoff = 41, WindowSize = 0, SamplesTested = 1_048_576, RoundIndex = 8192,
        };
        var writer = new FrameWriter(7, 3);
        Assert.Equal(WireBytes.Hex(expected), WireBytes.Hex(WireBytes.Write(b => writer.WriteRngAlarm(alarm, b, 0))));

        FrameReceiver received = WireBytes.ReceiveOne(expected, LinkEnd.Host);
        AssertHeader(received, FrameType.RngAlarm, 7, 3);
        var decoded = new RngAlarmFrame();
        Assert.Equal(FrameError.None, decoded.ReadPayload(received.Frame, received.PayloadOffset, received.PayloadLength, out _));
        Assert.Equal((RngHealthTest.RepetitionCount, 41u, 41u, 0u, 1_048_576L, 8192L),
            (decoded.Test, decoded.Observed, decoded.Cutoff, decoded.WindowSize, decoded.SamplesTested, decoded.RoundIndex));
    }

    [Fact]
    public void Ack_WhenEncodedAndDecoded_MatchesSpecExample()
    {
        byte[] expected = SpecDocument.Example("ack");
        var ack = new AckFrame { CommandType = FrameType.Configure, CommandSequence = 1, Result = AckResult.Ok, State = RunState.Idle };
        var writer = new FrameWriter(7, 4);
        Assert.Equal(WireBytes.Hex(expected), WireBytes.Hex(WireBytes.Write(b => writer.WriteAck(ack, b, 0))));

        FrameReceiver received = WireBytes.ReceiveOne(expected, LinkEnd.Host);
        AssertHeader(received, FrameType.Ack, 7, 4);
        var decoded = new AckFrame();
        Assert.Equal(FrameError.None, decoded.ReadPayload(received.Frame, received.PayloadOffset, received.PayloadLength, out _));
        Assert.Equal((FrameType.Configure, 1u, AckResult.Ok, RunState.Idle), (decoded.CommandType, decoded.CommandSequence, decoded.Result, decoded.State));
    }

    [Fact]
    public void HelloExample_WhenCobsDecoded_GivesHeaderAndCrcTheSpecStates()
    {
        // Section 8 spells out the decoded Hello frame: header 01 41 ff ff 00 00 00 00, CRC 7a cd 54 65.
        byte[] wire = SpecDocument.Example("hello");
        var decoded = new byte[wire.Length];
        Assert.True(Cobs.TryDecode(wire, 0, wire.Length - 1, decoded, 0, out int length, out _));
        Assert.Equal("0141ffff000000007acd5465", WireBytes.Hex(decoded.AsSpan(0, length)));
    }

    private static void AssertHeader(FrameReceiver received, FrameType type, ushort station, uint sequence)
    {
        Assert.Equal(FrameError.None, received.Error);
        Assert.Equal((WireLimits.ProtocolVersion, type, station, sequence), (received.Version, received.Type, received.StationId, received.Sequence));
    }

    /// <summary>The fields of the two Rounds examples, as tabulated in the specification.</summary>
    private sealed record RoundsExample(ushort StationId, uint Sequence, long FirstRound, int AlphabetSize, uint Period,
        byte[] Settings, byte[] Clicks, long[] TimeTags, int ExceptionCount)
    {
        public static RoundsExample Named(string name) => name switch
        {
            "rounds-alice" => new RoundsExample(7, 1, 4096, 3, 100,
                [0, 1, 2, 2, 1, 0, 0, 0, 0, 0, 2, 1],
                [0, 1, 2, 3, 1, 1, 0, 0, 2, 0, 1, 3],
                [1000000, 1000100, 1000200, 1000300, 1000400, 1000600, 1000700, 1000800, 1000900, 1000999, 1001099, 1001199],
                2),
            "rounds-bob" => new RoundsExample(8, 42, 0, 2, 250,
                [1, 0, 1, 1, 0, 0, 0, 1, 1, 0],
                [0, 0, 1, 2, 3, 0, 0, 1, 2, 2],
                Enumerable.Range(0, 10).Select(i => 5000L + 250 * i).ToArray(),
                0),
            _ => throw new ArgumentOutOfRangeException(nameof(name)),
        };
    }
}
