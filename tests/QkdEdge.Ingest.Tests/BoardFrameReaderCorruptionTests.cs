using QkdEdge.Ingest.Tests.Support;
using QkdEdge.Wire.Framing;

namespace QkdEdge.Ingest.Tests;

/// <summary>
/// A noisy link: over a million realistic rounds, bytes are flipped, dropped or inserted at a rate of
/// 1e-3 per byte (a correctness workload plus fault workloads), with a clean first Rounds frame and
/// a clean final Status frame (the quiet phases). The invariants: no corrupted round is ever
/// delivered, no round twice, and every round that does not arrive is counted as lost.
/// </summary>
public sealed class BoardFrameReaderCorruptionTests
{
    private const int Rounds = 1_050_000;
    private const double FaultRate = 1e-3;

    public static TheoryData<LinkFaults, int> Workloads => new()
    {
        { LinkFaults.BitFlips, 101 },
        { LinkFaults.DroppedBytes, 102 },
        { LinkFaults.InsertedBytes, 103 },
        { LinkFaults.All, 104 },
    };

    [Theory]
    [MemberData(nameof(Workloads))]
    public void Read_WhenLinkCorruptsBytes_NeverDeliversBadRoundsAndCountsEveryLostOne(LinkFaults faults, int seed)
    {
        SentRounds sent = SentRounds.Realistic(seed, firstRound: 0, Rounds, alphabetSize: 3, period: 1000);
        var board = new ScriptedBoard().Info().Rounds(sent).Status(Rounds);
        byte[] clean = board.Bytes;

        // Faults hit everything after the first Rounds frame and before the final Status frame,
        // including the delimiter in front of Status (so it can merge with its predecessor).
        int faultStart = board.Frames[1].End;
        int faultEnd = board.Frames[^1].Offset - 1;
        byte[] noisy = FaultInjector.Corrupt(clean, faultStart, faultEnd, FaultRate, faults, seed, out int faultCount);
        Console.WriteLine($"seed {seed}: {faults}, {faultCount} faults in {clean.Length} bytes");

        var reader = new BoardFrameReader(new ChunkedStream(noisy));
        DeliveryCheck result = DeliveryCheck.Run(reader, sent);

        int missing = result.Delivered.Count(d => !d);
        Assert.Equal(Rounds, result.Counters.RoundsDelivered + result.Counters.RoundsLost);
        Assert.Equal(result.DeliveredCount, result.Counters.RoundsDelivered);
        Assert.Equal(missing, result.Counters.RoundsLost);
        Assert.Equal(0, result.Counters.BoardResets);

        // The faults really happened and really cost frames: with about 930 bytes per frame at 1e-3,
        // a frame survives with probability about 0.4, so hundreds of the ~480 faulty-region frames fail.
        Console.WriteLine($"delivered {result.DeliveredCount}, lost {result.Counters.RoundsLost}, malformed {result.Counters.FramesMalformed}, frames lost {result.Counters.FramesLost}, gaps {result.Counters.RoundGaps}");
        Assert.InRange(faultCount, 300, 700);
        Assert.True(result.Counters.FramesMalformed > 100, $"only {result.Counters.FramesMalformed} malformed frames");
        Assert.True(result.Counters.FramesLost > 100, $"only {result.Counters.FramesLost} frames lost");
        Assert.True(result.DeliveredCount > Rounds / 5, $"only {result.DeliveredCount} rounds delivered");
    }

    [Fact]
    public void Read_WhenLinkIsClean_DeliversEveryRoundAndCountsNothingLost()
    {
        SentRounds sent = SentRounds.Realistic(7, firstRound: 0, 100_000, alphabetSize: 2, period: 250);
        var board = new ScriptedBoard { AlphabetSize = 2, Period = 250 }.Info().Rounds(sent).Status(sent.Count);
        var reader = new BoardFrameReader(new ChunkedStream(board.Bytes));
        DeliveryCheck result = DeliveryCheck.Run(reader, sent);

        Assert.All(result.Delivered, Assert.True);
        Assert.Equal((100_000L, 0L, 0L, 0L, 0L), (result.Counters.RoundsDelivered, result.Counters.RoundsLost, result.Counters.FramesMalformed, result.Counters.FramesLost, result.Counters.BytesDiscarded));
        Assert.Equal(board.Frames.Count, result.Counters.FramesAccepted);
    }
}
