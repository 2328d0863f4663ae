using QkdEdge.Ingest.Tests.Support;
using QkdEdge.Wire.Framing;
using QkdEdge.Wire.Frames;

namespace QkdEdge.Ingest.Tests;

public sealed class BoardSessionTests
{
    private static readonly TimeSpan Timeout = TimeSpan.FromSeconds(2);

    [Fact]
    public void Hello_WhenBoardAnswersWithInfoAndAck_ReturnsInfo()
    {
        var stream = new FakeBoardStream(new ScriptedBoard(stationId: 12, bootId: 0xABCD));
        stream.Respond = (type, sequence, _) => stream.Board.Info().Ack(type, sequence);
        var session = new BoardSession(stream);

        InfoFrame info = session.Hello(Timeout);

        Assert.Equal((0xABCDu, "esp32-devkitc", (ushort)12), (info.BootId, info.GetProfileId(), session.Reader.Header.StationId));
        Assert.Equal([FrameType.Hello], stream.CommandsReceived);
        Assert.Equal(1, stream.LeadingDelimiters);
    }

    [Fact]
    public void Configure_WhenBoardAcknowledges_SendsFieldsAndReturnsAck()
    {
        ConfigureCommand? received = null;
        var stream = new FakeBoardStream(new ScriptedBoard());
        stream.Respond = (type, sequence, receiver) =>
        {
            received = new ConfigureCommand();
            Assert.Equal(FrameError.None, received.ReadPayload(receiver.Frame, receiver.PayloadOffset, receiver.PayloadLength, out _));
            stream.Board.Ack(type, sequence, AckResult.InvalidParameter);
        };
        var session = new BoardSession(stream);

        AckFrame ack = session.Configure(new ConfigureCommand { Role = StationRole.Bob, AlphabetSize = 2, BatchSize = 4000, GateWidthTicks = 5, RoundPeriodTicks = 50 }, Timeout);

        Assert.Equal((FrameType.Configure, AckResult.InvalidParameter), (ack.CommandType, ack.Result));
        Assert.Equal((StationRole.Bob, 2, 4000, 5u, 50u), (received!.Role, received.AlphabetSize, received.BatchSize, received.GateWidthTicks, received.RoundPeriodTicks));
    }

    [Fact]
    public void SendCommand_WhenBoardIsSilent_ThrowsAckTimeoutAfterTheTimeout()
    {
        var session = new BoardSession(new FakeBoardStream(new ScriptedBoard()));
        var clock = System.Diagnostics.Stopwatch.StartNew();

        var error = Assert.Throws<WireSessionException>(() => session.SendCommand(FrameType.Start, TimeSpan.FromMilliseconds(150)));

        Assert.Equal(WireSessionFailure.AckTimeout, error.Failure);
        Assert.Contains("Start", error.Message);
        Assert.True(clock.Elapsed >= TimeSpan.FromMilliseconds(150));
    }

    [Fact]
    public void SendCommand_WhenRoundsArriveBeforeAck_HandsThemToObserverAndReturnsTheRightAck()
    {
        SentRounds rounds = SentRounds.Realistic(5, 0, 3000, 3, 1000);
        var stream = new FakeBoardStream(new ScriptedBoard { BatchSize = 1000 });
        stream.Respond = (type, sequence, _) =>
        {
            // Rounds still in flight, an Ack for some other command, then the Stop's Ack.
            stream.Board.Rounds(rounds).Ack(FrameType.StatusRequest, sequence + 100).Ack(type, sequence);
        };
        var observed = new List<(BoardFrameKind, long)>();
        var session = new BoardSession(stream) { FrameObserved = (kind, reader) => observed.Add((kind, reader.Batch.FirstRound)) };

        AckFrame ack = session.SendCommand(FrameType.Stop, Timeout);

        Assert.Equal((FrameType.Stop, AckResult.Ok), (ack.CommandType, ack.Result));
        Assert.Equal([(BoardFrameKind.Rounds, 0L), (BoardFrameKind.Rounds, 1000L), (BoardFrameKind.Rounds, 2000L), (BoardFrameKind.Ack, 2000L)], observed);
    }

    [Fact]
    public void Hello_WhenBoardAcksWithoutInfo_ThrowsProtocolViolation()
    {
        var stream = new FakeBoardStream(new ScriptedBoard());
        stream.Respond = (type, sequence, _) => stream.Board.Ack(type, sequence);
        var error = Assert.Throws<WireSessionException>(() => new BoardSession(stream).Hello(Timeout));
        Assert.Equal(WireSessionFailure.ProtocolViolation, error.Failure);
    }

    [Fact]
    public void SendCommand_WhenCalledTwice_NumbersCommandsConsecutively()
    {
        var sequences = new List<uint>();
        var stream = new FakeBoardStream(new ScriptedBoard());
        stream.Respond = (type, sequence, _) =>
        {
            sequences.Add(sequence);
            stream.Board.Ack(type, sequence);
        };
        var session = new BoardSession(stream);

        session.SendCommand(FrameType.Start, Timeout);
        session.SendCommand(FrameType.Stop, Timeout);

        Assert.Equal([0u, 1u], sequences);
        Assert.Equal(1, stream.LeadingDelimiters);
    }
}
