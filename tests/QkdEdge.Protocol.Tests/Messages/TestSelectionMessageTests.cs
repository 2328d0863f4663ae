using CsCheck;
using QkdEdge.Protocol.Messages;
using QkdEdge.Protocol.Tests.Support;
using QkdEdge.Testing;

namespace QkdEdge.Protocol.Tests.PayloadCodecs;

/// <summary>
/// The test selection goes as Rice-coded gaps when they are shorter than one bit per round, as the bitmap otherwise,
/// and a peer's payload in either layout is read back exactly or refused with the field named.
/// </summary>
public sealed class TestSelectionMessageTests
{
    [Theory]
    [InlineData(0.0, TestSelectionLayout.RiceGaps)]   // nothing tested: no gaps at all
    [InlineData(0.0143, TestSelectionLayout.RiceGaps)]
    [InlineData(0.1, TestSelectionLayout.RiceGaps)]   // h(0.1) = 0.47 bits per round
    [InlineData(0.3, TestSelectionLayout.RiceGaps)]   // k = 1: 0.89 bits per round expected
    [InlineData(1.0, TestSelectionLayout.Bitmap)]     // every gap 0: a bit each, no shorter than the bitmap
    public void Encode_TakesTheShorterLayout_AndDecodesToTheSameRounds(double fraction, TestSelectionLayout expected)
    {
        int rounds = 10_007;
        var tested = RandomBlocks.Tested(new Random(91), rounds, fraction);
        var message = new TestSelectionMessage("block-7", rounds, tested);

        byte[] payload = message.Encode();
        var decoded = TestSelectionMessage.Decode(payload, rounds);

        Assert.Equal(expected, (TestSelectionLayout)payload[LayoutOffset("block-7")]);
        Assert.Equal(tested, decoded.Tested);
        Assert.Equal(("block-7", rounds), (decoded.BlockId, decoded.Rounds));
    }

    [Fact]
    public void Encode_AtAnyDensity_IsNeverLongerThanTheBitmapLayout()
    {
        // From 0.38 up the Rice parameter is 0 and the gaps are the bitmap itself up to the last tested round.
        Property.Check(Gen.Select(Gen.Int[1, 2000], Gen.Double[0, 1], Gen.Int), 300, seed: 96, input =>
        {
            var (rounds, fraction, seed) = input;
            var tested = RandomBlocks.Tested(new Random(seed), rounds, fraction);

            byte[] payload = new TestSelectionMessage("b", rounds, tested).Encode();

            Assert.InRange(payload.Length, 1, LayoutOffset("b") + 1 + 8 + (rounds + 7) / 8); // the bitmap layout's length
            Assert.Equal(tested, TestSelectionMessage.Decode(payload, rounds).Tested);
        });
    }

    [Fact]
    public void Encode_AtThePlansTestFraction_TakesAboutTheSelectionsEntropy()
    {
        // 10^6 rounds at gamma = 0.0143 (fixed seed): h(gamma) = 0.108 bits per round; the Rice code's expected length
        // is 1.2 % above it (RiceGapCodeTests), so the payload stays under 0.115 of the bitmap's 125,000 bytes.
        int rounds = 1_000_000;
        var tested = RandomBlocks.Tested(new Random(92), rounds, 0.0143);

        byte[] payload = new TestSelectionMessage("b", rounds, tested).Encode();

        Assert.InRange(payload.Length, 0.105 * rounds / 8, 0.115 * rounds / 8);
    }

    [Fact]
    public void Decode_WhenTheLayoutIsUnknown_ThrowsMalformedNamingIt()
    {
        byte[] payload = new TestSelectionMessage("b", 100, RandomBlocks.Tested(new Random(93), 100, 0.02)).Encode();
        payload[LayoutOffset("b")] = 2;

        var error = Assert.Throws<MalformedPayloadException>(() => TestSelectionMessage.Decode(payload, 100));

        Assert.StartsWith("test selection layout 2 is neither", error.Message);
    }

    [Fact]
    public void Decode_WhenMoreRoundsAreTestedThanTheBlockHas_ThrowsMalformed()
    {
        byte[] payload = new TestSelectionMessage("b", 100, RandomBlocks.Tested(new Random(94), 100, 0.02)).Encode();
        BitConverter.TryWriteBytes(payload.AsSpan(LayoutOffset("b") + 1), 101u);

        var error = Assert.Throws<MalformedPayloadException>(() => TestSelectionMessage.Decode(payload, 100));

        Assert.Equal("tested rounds: 101 of a block of 100.", error.Message);
    }

    [Fact]
    public void Decode_WhenTheGapsClaimAsManyBitsAsTheBitmap_ThrowsMalformedBeforeReadingThem()
    {
        byte[] payload = new TestSelectionMessage("b", 100, RandomBlocks.Tested(new Random(95), 100, 0.02)).Encode();
        BitConverter.TryWriteBytes(payload.AsSpan(LayoutOffset("b") + 6), 100UL);

        var error = Assert.Throws<MalformedPayloadException>(() => TestSelectionMessage.Decode(payload, 100));

        Assert.StartsWith("test selection gaps: 100 bits where at most 99 may come", error.Message);
    }

    /// <summary>Text (u16 length + bytes), then the u32 round count.</summary>
    private static int LayoutOffset(string blockId) => 2 + blockId.Length + 4;
}
