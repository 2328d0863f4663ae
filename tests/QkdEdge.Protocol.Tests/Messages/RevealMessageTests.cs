using CsCheck;
using QkdEdge.Distillation.Bits;
using QkdEdge.Protocol.Messages;
using QkdEdge.Protocol.Planes;
using QkdEdge.Protocol.Tests.Support;

namespace QkdEdge.Protocol.Tests.PayloadCodecs;

/// <summary>
/// The reveal's wire bytes are fixed by the format (docs/protocol-engine.md): the bit-plane encoder must write
/// exactly what writing each round's setting in turn writes, for every width, and read it back the same way.
/// </summary>
public sealed class RevealMessageTests
{
    // Alphabets chosen for every setting width 1 to 8, on both sides of each power of two.
    private static readonly Gen<(int Alphabet, int Rounds, int Tested, int Seed)> Reveals =
        Gen.Select(OneOf(2, 3, 4, 5, 8, 9, 16, 17, 33, 64, 65, 128, 129, 255), Gen.Int[0, 400], Gen.Int[0, 400], Gen.Int);

    [Fact]
    public void Encode_ForEveryWidth_WritesTheBytesOfTheRoundByRoundLayout()
    {
        Property.Check(Reveals, 300, seed: 31, input =>
        {
            var (alphabet, rounds, tested, seed) = input;
            var random = new Random(seed);
            var settings = RandomBlocks.Settings(random, rounds, alphabet);
            var outputs = RandomBlocks.Pack(RandomBlocks.Outputs(random, tested));

            byte[] planes = new RevealMessage(SettingPlanes.FromBytes(settings, alphabet), outputs, tested, "fw 2.0").Encode();

            Assert.Equal(ReferenceEncode(settings, alphabet, outputs, tested, "fw 2.0"), planes);
        });
    }

    [Fact]
    public void Decode_OfTheRoundByRoundLayout_GivesBackEverySetting()
    {
        Property.Check(Reveals, 300, seed: 32, input =>
        {
            var (alphabet, rounds, tested, seed) = input;
            var random = new Random(seed);
            var settings = RandomBlocks.Settings(random, rounds, alphabet);
            var outputs = RandomBlocks.Pack(RandomBlocks.Outputs(random, tested));

            var message = RevealMessage.Decode(ReferenceEncode(settings, alphabet, outputs, tested, "fw"), alphabet, rounds, tested);

            Assert.Equal(settings, message.Settings.ToBytes());
            Assert.Equal(alphabet, message.Settings.Alphabet);
            Assert.Equal(outputs, message.TestedOutputs);
        });
    }

    [Theory]
    [InlineData(3, 130, 3)]   // width 2: the comb path
    [InlineData(5, 64, 7)]    // width 3: the round-at-a-time path
    [InlineData(9, 200, 15)]  // width 4
    [InlineData(100, 1, 127)] // width 7
    [InlineData(129, 299, 255)] // width 8
    public void Decode_WhenASettingIsOutsideTheAlphabet_NamesTheFirstSuchRoundAndItsValue(int alphabet, int badRound, int badValue)
    {
        var settings = new byte[300];
        settings[badRound] = (byte)badValue;
        if (badRound + 1 < settings.Length)
            settings[^1] = (byte)badValue; // a later bad round must not be the one named
        byte[] payload = ReferenceEncode(settings, alphabet, [], 0, "fw");

        var ex = Assert.Throws<MalformedPayloadException>(() => RevealMessage.Decode(payload, alphabet, settings.Length, 0));

        Assert.Equal($"round {badRound}: setting {badValue} outside the alphabet of {alphabet}.", ex.Message);
    }

    [Fact]
    public void Interleave_ByCombAndRoundByRound_Agree()
    {
        Property.Check(Gen.Select(OneOf(2, 4, 16, 255), Gen.Int[0, 700], Gen.Int), 200, seed: 33, input =>
        {
            var (alphabet, rounds, seed) = input;
            var planes = SettingPlanes.FromBytes(RandomBlocks.Settings(new Random(seed), rounds, alphabet), alphabet);
            var byRound = new ulong[PackedBits.WordCount((long)rounds * planes.Width)];
            SettingWire.InterleaveByRound(planes, byRound);

            Assert.Equal(byRound, SettingWire.Interleave(planes));
        });
    }

    [Theory]
    [InlineData(3)]   // width 2: the comb path, any chunk
    [InlineData(5)]   // width 3: round by round, chunks of whole fields
    [InlineData(100)] // width 7
    public void EncodeAndDecode_OfABlockSpanningSeveralChunks_KeepTheRoundByRoundLayout(int alphabet)
    {
        // The settings' wire form is written a chunk of words at a time: two whole chunks and a part of a third.
        int width = RevealMessage.SettingWidth(alphabet);
        int rounds = (int)(2L * StreamPayloadWriter.ChunkWords * 64 / width) + 777;
        var random = new Random(alphabet);
        var settings = RandomBlocks.Settings(random, rounds, alphabet);
        var outputs = RandomBlocks.Pack(RandomBlocks.Outputs(random, 300));

        byte[] payload = new RevealMessage(SettingPlanes.FromBytes(settings, alphabet), outputs, 300, "fw").Encode();

        Assert.Equal(ReferenceEncode(settings, alphabet, outputs, 300, "fw"), payload);
        Assert.Equal(settings, RevealMessage.Decode(payload, alphabet, rounds, 300).Settings.ToBytes());
    }

    private static Gen<int> OneOf(params int[] values) => Gen.Int[0, values.Length - 1].Select(i => values[i]);

    /// <summary>The layout as the format states it: text, alphabet byte, then every round's setting in turn, then the tested outputs.</summary>
    private static byte[] ReferenceEncode(byte[] settings, int alphabet, ulong[] outputs, long tested, string firmware)
    {
        int width = RevealMessage.SettingWidth(alphabet);
        var packed = new ulong[PackedBits.WordCount((long)settings.Length * width)];
        for (int i = 0; i < settings.Length; i++)
            PackedBits.WriteBits(packed, (long)i * width, settings[i], width);
        return new PayloadWriter().Text(firmware).U8((byte)alphabet).Bits(packed, (long)settings.Length * width).Bits(outputs, tested).ToArray();
    }
}
