using CsCheck;
using QkdEdge.Ingest.Tests.Support;
using QkdEdge.Wire.Framing;

namespace QkdEdge.Ingest.Tests;

public sealed class BoardFrameReaderTests
{
    private static SentRounds Rounds(int count, long firstRound = 0, int seed = 1) =>
        SentRounds.Realistic(seed, firstRound, count, alphabetSize: 3, period: 1000);

    [Fact]
    public void Read_WhenStreamStartsWithGarbage_ResynchronisesAtNextDelimiter()
    {
        SentRounds sent = Rounds(10_000);
        byte[] garbage = new byte[3000];
        new Random(3).NextBytes(garbage);
        byte[] stream = [.. garbage, .. new ScriptedBoard().Info().Rounds(sent).Bytes];

        DeliveryCheck result = DeliveryCheck.Run(new BoardFrameReader(new ChunkedStream(stream, 512)), sent);

        Assert.All(result.Delivered, Assert.True);
        Assert.Equal(0, result.Counters.RoundsLost);
        Assert.True(result.Counters.FramesMalformed + result.Counters.BytesDiscarded > 0, "the garbage went unnoticed");
    }

    [Fact]
    public void Read_WhenHostStartsMidStream_DeliversEveryWholeFrameAfterTheCut()
    {
        SentRounds sent = Rounds(20_000);
        var board = new ScriptedBoard { BatchSize = 1000 }.Info().Rounds(sent);
        byte[] stream = board.Bytes;
        Property.Check(Gen.Int[1, stream.Length - 1], 40, seed: 201, cut =>
        {
            var reader = new BoardFrameReader(new ChunkedStream(stream[cut..], 777));
            DeliveryCheck result = DeliveryCheck.Run(reader, sent);

            // Every frame that starts at or after the cut arrives; the one cut through is skipped
            // quietly (it is the tail of a frame, not a fault).
            var whole = board.Frames.Where(f => f.Type == FrameType.Rounds && f.Offset >= cut).ToList();
            Assert.Equal(whole.Sum(f => f.RoundCount), result.DeliveredCount);
            Assert.All(whole, f => Assert.True(result.Delivered[(int)f.FirstRound]));
            Assert.Equal(0, result.Counters.FramesMalformed);
            Assert.Equal(0, result.Counters.RoundsLost);
        });
    }

    [Fact]
    public void Read_WhenFramesAreMissing_CountsLostFramesAndRounds()
    {
        SentRounds sent = Rounds(30_000);
        var board = new ScriptedBoard { BatchSize = 1000 }.Info().Rounds(sent).Status(sent.Count);
        byte[] stream = board.Bytes;
        int[] dropped = [3, 4, 10, 25];
        byte[] withGaps = Without(stream, dropped.Select(i => board.Frames[i]));

        DeliveryCheck result = DeliveryCheck.Run(new BoardFrameReader(new ChunkedStream(withGaps)), sent);

        int lostRounds = dropped.Sum(i => board.Frames[i].RoundCount);
        Assert.Equal((4L, 3L, (long)lostRounds, 3L), (result.Counters.FramesLost, result.Counters.SequenceGaps, result.Counters.RoundsLost, result.Counters.RoundGaps));
        Assert.Equal(sent.Count - lostRounds, result.DeliveredCount);
    }

    [Fact]
    public void Read_WhenLastRoundsFramesAreLost_CountsThemFromFinalStatus()
    {
        SentRounds sent = Rounds(5000);
        var board = new ScriptedBoard { BatchSize = 1000 }.Info().Rounds(sent).Status(sent.Count);
        byte[] stream = Without(board.Bytes, [board.Frames[^2]]);

        DeliveryCheck result = DeliveryCheck.Run(new BoardFrameReader(new ChunkedStream(stream)), sent);

        Assert.Equal((4000L, 1000L), (result.Counters.RoundsDelivered, result.Counters.RoundsLost));
    }

    [Fact]
    public void Read_WhenFrameIsRepeated_DropsTheDuplicate()
    {
        SentRounds sent = Rounds(5000);
        var board = new ScriptedBoard { BatchSize = 1000 }.Info().Rounds(sent);
        byte[] stream = board.Bytes;
        FramePlacement repeated = board.Frames[2];
        byte[] withDuplicate = [.. stream.AsSpan(0, board.Frames[3].End), .. stream.AsSpan(repeated.Offset, repeated.Length), .. stream.AsSpan(board.Frames[3].End)];

        DeliveryCheck result = DeliveryCheck.Run(new BoardFrameReader(new ChunkedStream(withDuplicate)), sent);

        Assert.Equal((1L, 0L, 0L, 0L), (result.Counters.DuplicateFrames, result.Counters.BoardResets, result.Counters.FramesLost, result.Counters.RoundsLost));
        Assert.All(result.Delivered, Assert.True);
    }

    [Fact]
    public void Read_WhenBoardRebootsWithNewInfo_ReportsResetOnce()
    {
        SentRounds first = Rounds(3000);
        SentRounds second = Rounds(2000, seed: 2);
        byte[] stream =
        [
            .. new ScriptedBoard(bootId: 1) { BatchSize = 1000 }.Info().Rounds(first).Bytes,
            .. new ScriptedBoard(bootId: 2) { BatchSize = 1000 }.Info().Rounds(second).Bytes,
        ];

        var reader = new BoardFrameReader(new ChunkedStream(stream));
        var events = ReadAll(reader);

        Assert.Equal(1, reader.Counters.BoardResets);
        Assert.Equal((BoardFrameKind.Info, true, 2u), (events[4].Kind, events[4].Reset, events[4].BootId));
        Assert.Equal(1, events.Count(e => e.Reset));
        Assert.Equal((5000L, 0L), (reader.Counters.RoundsDelivered, reader.Counters.RoundsLost));
    }

    [Fact]
    public void Read_WhenRebootInfoIsLost_DetectsResetFromSequenceGoingBack()
    {
        SentRounds first = Rounds(3000);
        SentRounds second = Rounds(2000, seed: 2);
        var rebooted = new ScriptedBoard(bootId: 2) { BatchSize = 1000 }.Info().Rounds(second);
        byte[] stream =
        [
            .. new ScriptedBoard(bootId: 1) { BatchSize = 1000 }.Info().Rounds(first).Bytes,
            .. rebooted.Bytes.AsSpan(rebooted.Frames[1].Offset),
        ];

        var reader = new BoardFrameReader(new ChunkedStream(stream));
        var events = ReadAll(reader);

        Assert.Equal(1, reader.Counters.BoardResets);
        Assert.Equal((BoardFrameKind.Rounds, true, 0L), (events[4].Kind, events[4].Reset, events[4].FirstRound));
        Assert.Equal(0, reader.Counters.FramesLost);
    }

    [Fact]
    public void Read_WhenRoundIndexGoesBackWithSequenceAhead_DetectsReset()
    {
        SentRounds rounds = Rounds(2000);
        var board = new ScriptedBoard { BatchSize = 1000 }.Info().Rounds(rounds).Rounds(rounds, 0, 1000);

        var reader = new BoardFrameReader(new ChunkedStream(board.Bytes));
        var events = ReadAll(reader);

        Assert.Equal(1, reader.Counters.BoardResets);
        Assert.True(events[^1].Reset);
        Assert.Equal(0, reader.Counters.RoundsLost);
    }

    [Fact]
    public void Read_WhenBoardSpeaksOtherVersion_ThrowsVersionMismatchNamingBothVersions()
    {
        byte[] stream = new ScriptedBoard().Info().OtherVersion(2).Bytes;
        var reader = new BoardFrameReader(new ChunkedStream(stream));
        Assert.Equal(BoardFrameKind.Info, reader.Read());

        var error = Assert.Throws<WireSessionException>(() => reader.Read());
        Assert.Equal(WireSessionFailure.VersionMismatch, error.Failure);
        Assert.Contains("version 2", error.Message);
        Assert.Contains("version 1", error.Message);
    }

    [Theory]
    [InlineData(57_600, 400_000)]
    [InlineData(230_400, 200_000)]
    [InlineData(921_600, 200_000)]
    public void Read_WhenBaudRateIsWrong_ThrowsNoValidFramesSayingSo(int receiverBaud, int rounds)
    {
        // The board sends at 115,200 baud; the host listens at another rate. A slower receiver hears
        // fewer bytes than were sent, so it gets a longer stream to pass the 64 KiB bound.
        SentRounds sent = Rounds(rounds);
        byte[] stream = new ScriptedBoard().Info().Rounds(sent).Bytes;
        byte[] heard = UartResampler.Resample(stream, 115_200, receiverBaud);

        var reader = new BoardFrameReader(new ChunkedStream(heard));
        var error = Assert.Throws<WireSessionException>(() => { while (reader.Read() != BoardFrameKind.EndOfStream) { } });

        Assert.Equal(WireSessionFailure.NoValidFrames, error.Failure);
        Assert.Contains("baud rate", error.Message);
        Assert.Equal(0, reader.Counters.FramesAccepted);
    }

    [Fact]
    public void UartResampler_WhenBaudRatesMatch_ReturnsTheSentBytes()
    {
        // Guards the wrong-baud test: the simulated UART itself must be faithful at the right rate.
        byte[] stream = new ScriptedBoard().Info().Rounds(Rounds(3000)).Bytes;
        Assert.Equal(stream, UartResampler.Resample(stream, 115_200, 115_200));
    }

    [Fact]
    public void Read_WhenOnlyZerosArrive_StillGivesUpAfterTheBound()
    {
        var reader = new BoardFrameReader(new ChunkedStream(new byte[200_000]), new BoardFrameReaderOptions { NoValidFrameByteLimit = 10_000 });
        var error = Assert.Throws<WireSessionException>(() => reader.Read());
        Assert.Equal(WireSessionFailure.NoValidFrames, error.Failure);
    }

    [Fact]
    public void Read_WhenFrameIsCorrupted_ReportsFaultWithReasonAndStreamOffset()
    {
        SentRounds sent = Rounds(3000);
        var board = new ScriptedBoard { BatchSize = 1000 }.Info().Rounds(sent);
        byte[] stream = board.Bytes;
        FramePlacement target = board.Frames[2];
        stream[target.Offset + 100] ^= 0x01;
        var faults = new List<FrameFault>();
        var reader = new BoardFrameReader(new ChunkedStream(stream)) { FaultObserved = faults.Add };

        DeliveryCheck.Run(reader, sent);

        FrameFault fault = Assert.Single(faults);
        Assert.Equal(target.Offset, fault.StreamOffset);
        Assert.True(fault.Reason is FrameError.CrcMismatch or FrameError.CobsOverrun, fault.ToString());
        Assert.Equal(1, reader.Counters.Malformed(fault.Reason));
    }

    private static byte[] Without(byte[] stream, IEnumerable<FramePlacement> frames)
    {
        var skip = frames.OrderBy(f => f.Offset).ToList();
        var output = new List<byte>();
        int position = 0;
        foreach (FramePlacement f in skip)
        {
            output.AddRange(stream.AsSpan(position, f.Offset - position));
            position = f.End;
        }

        output.AddRange(stream.AsSpan(position));
        return output.ToArray();
    }

    private static List<(BoardFrameKind Kind, bool Reset, uint BootId, long FirstRound)> ReadAll(BoardFrameReader reader)
    {
        var events = new List<(BoardFrameKind, bool, uint, long)>();
        for (BoardFrameKind kind; (kind = reader.Read()) != BoardFrameKind.EndOfStream;)
            events.Add((kind, reader.ResetDetected, reader.Info.BootId, reader.Batch.FirstRound));
        return events;
    }
}
