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
}
