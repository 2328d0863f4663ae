using QkdEdge.Alignment;
using QkdEdge.Station.Peer;

namespace QkdEdge.Station.Tests.Peer;

public sealed class AlignmentMessageTests
{
    [Fact]
    public void Decode_WhenEncoded_ReturnsTheSameRangesAndClock()
    {
        var message = new AlignmentMessage([new AlignedRange(0, 3, 1000), new AlignedRange(1001, 1003, 5)], 12.5, -3.25, 0.4, 2);

        var decoded = AlignmentMessage.Decode(message.Encode());

        Assert.Equal(message.Ranges, decoded.Ranges);
        Assert.Equal((12.5, -3.25, 0.4, 2.0), (decoded.OffsetTicks, decoded.DriftPpm, decoded.ResidualSigmaTicks, decoded.ToleranceTicks));
        Assert.Equal(1005, decoded.PairedRounds);
    }

    [Fact]
    public void Decode_WhenLengthDisagreesWithCount_Throws()
    {
        byte[] bytes = new AlignmentMessage([new AlignedRange(0, 0, 10)], 0, 0, 0, 2).Encode();

        Assert.Throws<FormatException>(() => AlignmentMessage.Decode(bytes.AsSpan(0, bytes.Length - 1)));
    }

    [Fact]
    public void Decode_WhenARangeIsEmpty_Throws()
    {
        byte[] bytes = new AlignmentMessage([new AlignedRange(0, 0, 0)], 0, 0, 0, 2).Encode();

        Assert.Throws<FormatException>(() => AlignmentMessage.Decode(bytes));
    }

    [Fact]
    public void Decode_WhenARangeRunsPastTheLargestRoundIndex_ThrowsNamingTheRange()
    {
        byte[] bytes = new AlignmentMessage([new AlignedRange(10, long.MaxValue - 5, 100)], 0, 0, 0, 2).Encode();

        var error = Assert.Throws<FormatException>(() => AlignmentMessage.Decode(bytes));

        Assert.Contains("range 0", error.Message);
        Assert.Contains("100 rounds", error.Message);
    }

    [Fact]
    public void Decode_WhenTheRangesTogetherOverflowTheRoundCount_Throws()
    {
        long half = (long.MaxValue / 2) + 1;
        byte[] bytes = new AlignmentMessage([new AlignedRange(0, 0, half), new AlignedRange(0, 0, half)], 0, 0, 0, 2).Encode();

        var error = Assert.Throws<FormatException>(() => AlignmentMessage.Decode(bytes));

        Assert.Contains("range 1", error.Message);
    }

    [Fact]
    public void Decode_WhenTheMessageIsShorterThanItsHeader_ThrowsNamingTheLength() =>
        Assert.Contains("holds 3 bytes", Assert.Throws<FormatException>(() => AlignmentMessage.Decode([1, 0, 0])).Message);
}
