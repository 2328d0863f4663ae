using QkdEdge.Station.Peer;

namespace QkdEdge.Station.Tests.Peer;

/// <summary>The peer's plan announcement as hostile input: refused with a <see cref="FormatException"/>, never taken half-read.</summary>
public sealed class HelloParametersInputTests
{
    private static readonly HelloParameters Plan = new("vv", 5_040_000, 0.0265, 2.8001, 0.005, 1e-10, 1024);

    [Fact]
    public void Decode_WhenTheProtocolNameIsInvalidUtf8_ThrowsFormatException()
    {
        byte[] bytes = Plan.Encode();
        bytes[2] = 0xFF; // version, name length, then the name's first byte

        Assert.Throws<FormatException>(() => HelloParameters.Decode(bytes));
    }

    [Fact]
    public void Decode_WhenTheNameLengthClaimsMoreThanIsThere_ThrowsFormatException()
    {
        byte[] bytes = Plan.Encode();
        bytes[1] = 0x7F;

        Assert.Throws<FormatException>(() => HelloParameters.Decode(bytes));
    }

    [Fact]
    public void Decode_WhenBytesFollowThePlan_ThrowsFormatException()
    {
        byte[] bytes = [.. Plan.Encode(), 0];

        Assert.Throws<FormatException>(() => HelloParameters.Decode(bytes));
    }
}
