using CsCheck;
using QkdEdge.Distillation.Bits;
using QkdEdge.Protocol.Description;
using QkdEdge.Protocol.Engine;
using QkdEdge.Protocol.Messages;
using QkdEdge.Protocol.Planes;
using QkdEdge.Protocol.Statistics;
using QkdEdge.Protocol.Tests.Support;
using QkdEdge.Testing;

namespace QkdEdge.Protocol.Tests.PayloadCodecs;

/// <summary>
/// A reveal carries the tested rounds' settings and, of the untested rounds, only whether each asked one is on the key
/// setting. Its wire bytes are fixed by the format (docs/protocol-engine.md), and what a receiver rebuilds from them
/// must count and sift exactly as the sender's own settings do.
/// </summary>
public sealed class RevealMessageTests
{
    // Alphabets chosen for every setting width 1 to 8, on both sides of each power of two, and the one-letter alphabet.
    private static readonly Gen<(int Alphabet, int Rounds, double Tested, int Seed)> Reveals =
        Gen.Select(OneOf(1, 2, 3, 4, 5, 8, 9, 16, 17, 33, 64, 65, 128, 129, 255), Gen.Int[0, 400],
            Gen.Int[0, 3].Select(i => new[] { 0.0, 0.05, 0.5, 1.0 }[i]), Gen.Int);

    [Fact]
    public void Encode_WritesTheBytesOfTheFormatsLayout()
    {
        Property.Check(Reveals, 300, seed: 31, input =>
        {
            var (alphabet, rounds, fraction, seed) = input;
            var (settings, outputs, scope, _) = RandomReveal(new Random(seed), alphabet, rounds, fraction);

            byte[] payload = new RevealMessage(SettingPlanes.FromBytes(settings, alphabet), outputs, scope, "fw 2.0").Encode();

            Assert.Equal(ReferenceEncode(settings, alphabet, outputs, scope, "fw 2.0"), payload);
        });
    }

    [Fact]
    public void Decode_GivesTheTestedSettings_TheKeySettingWhereAnAskedRoundHasIt_AndAnotherSettingElsewhere()
    {
        Property.Check(Reveals, 300, seed: 32, input =>
        {
            var (alphabet, rounds, fraction, seed) = input;
            var (settings, outputs, scope, askedRounds) = RandomReveal(new Random(seed), alphabet, rounds, fraction);

            var message = RevealMessage.Decode(ReferenceEncode(settings, alphabet, outputs, scope, "fw"), alphabet, scope);

            byte[] received = message.Settings.ToBytes();
            for (int i = 0; i < rounds; i++)
            {
                bool tested = (scope.Tested(i >> 6) >> (i & 63) & 1) != 0;
                if (tested)
                    Assert.Equal(settings[i], received[i]);
                else if (askedRounds.Contains(i) && settings[i] == scope.KeySetting)
                    Assert.Equal(scope.KeySetting, received[i]);
                else
                    Assert.Equal(RevealMessage.OtherSetting(scope.KeySetting, alphabet), received[i]);
            }
            Assert.Equal(alphabet, message.Settings.Alphabet);
            Assert.Equal(outputs, message.TestedOutputs);
        });
    }

    [Fact]
    public void TallyAndKeyRounds_FromEitherStationsReceivedSettings_AreThoseOfTheSettingsThemselves()
    {
        Property.Check(Gen.Select(Gen.Int[1, 3000], Gen.Int), 100, seed: 34, input => CheckTallyAndKeyRounds(input.Item1, new Random(input.Item2)));
    }

    [Fact]
    public void TallyAndKeyRounds_WhenTheKeySettingBitsSpanSeveralStreamedChunks_AreThoseOfTheSettingsThemselves() =>
        // Bob's key-setting bits, about 0.8 per round here, fill two chunks of the stream and part of a third: the bits
        // gathered and scattered across chunk boundaries, where a word's share is split between two chunks.
        CheckTallyAndKeyRounds(2_500_001, new Random(36));

    /// <summary>VV14 in the engine's order: Bob reveals first, Alice only where Bob is on his key setting.</summary>
    private static void CheckTallyAndKeyRounds(int rounds, Random random)
    {
        var protocol = Protocols.ChshVaziraniVidick;
        var alice = SettingPlanes.FromBytes(RandomBlocks.Settings(random, rounds, 3), 3);
        var bob = SettingPlanes.FromBytes(RandomBlocks.Settings(random, rounds, 2), 2);
        var aliceOutputs = RandomBlocks.Pack(RandomBlocks.Outputs(random, rounds));
        var bobOutputs = RandomBlocks.Pack(RandomBlocks.Outputs(random, rounds));
        var tested = RandomBlocks.Tested(random, rounds, 0.2);

        var bobScope = new RevealScope(tested, rounds, protocol.KeyPair.Y);
        var bobAtAlice = RevealMessage.Decode(new RevealMessage(bob, PlaneReveal.TestedOutputs(bobOutputs, tested, rounds).Packed, bobScope, "b").Encode(), 2, bobScope).Settings;
        var aliceScope = new RevealScope(tested, rounds, protocol.KeyPair.X, bob, protocol.KeyPair.Y);
        var aliceAtBob = RevealMessage.Decode(new RevealMessage(alice, PlaneReveal.TestedOutputs(aliceOutputs, tested, rounds).Packed, aliceScope, "a").Encode(), 3, aliceScope).Settings;

        var truth = BitSlicedTally.Count(protocol, alice, aliceOutputs, bob, bobOutputs, tested);
        var atAlice = BitSlicedTally.Count(protocol, alice, aliceOutputs, bobAtAlice, bobOutputs, tested);
        var atBob = BitSlicedTally.Count(protocol, aliceAtBob, aliceOutputs, bob, bobOutputs, tested);
        foreach (var tally in new[] { atAlice, atBob })
        {
            Assert.Equal((truth.BellTests, truth.BellWins, truth.KeyTests, truth.KeyErrors, truth.RawKeyRounds),
                (tally.BellTests, tally.BellWins, tally.KeyTests, tally.KeyErrors, tally.RawKeyRounds));
            Assert.Equal(truth.TestedPerPair, tally.TestedPerPair);
        }
        var (aliceKey, aliceBits) = PlaneReveal.RawKey(protocol, alice, bob, aliceOutputs, tested);
        var (aliceKeyAtAlice, aliceBitsAtAlice) = PlaneReveal.RawKey(protocol, alice, bobAtAlice, aliceOutputs, tested);
        var (bobKey, bobBits) = PlaneReveal.RawKey(protocol, alice, bob, bobOutputs, tested);
        var (bobKeyAtBob, bobBitsAtBob) = PlaneReveal.RawKey(protocol, aliceAtBob, bob, bobOutputs, tested);
        Assert.Equal((aliceBits, aliceKey), (aliceBitsAtAlice, aliceKeyAtAlice), TupleOfArrays);
        Assert.Equal((bobBits, bobKey), (bobBitsAtBob, bobKeyAtBob), TupleOfArrays);
    }

    [Fact]
    public void Encode_OfAlicesVv14Reveal_TakesHalfABitPerUntestedRound()
    {
        // 10^6 uniform rounds, gamma = 0.0143, fixed seed: Alice sends a bit for each untested round where Bob's y = 1
        // (expected n (1 - gamma) / 2, binomial), then two bits and an output per tested round. Bounds: 5 sigma.
        const int rounds = 1_000_000;
        var random = new Random(35);
        var alice = SettingPlanes.FromBytes(RandomBlocks.Settings(random, rounds, 3), 3);
        var bob = SettingPlanes.FromBytes(RandomBlocks.Settings(random, rounds, 2), 2);
        var tested = RandomBlocks.Tested(random, rounds, 0.0143);
        var scope = new RevealScope(tested, rounds, 2, bob, 1);
        var outputs = new ulong[PackedBits.WordCount(scope.TestedCount)];

        byte[] payload = new RevealMessage(alice, outputs, scope, "fw").Encode();

        double asked = rounds * (1 - 0.0143) / 2, sigma = Math.Sqrt(rounds * 0.25);
        Assert.InRange(scope.AskedCount, asked - 5 * sigma, asked + 5 * sigma);
        Assert.Equal(3 + 1 + 2 + 4 * 8 + (scope.AskedCount + 7) / 8 + 3 * ((scope.TestedCount + 7) / 8), payload.Length);
        Assert.InRange(payload.Length, 0.26 * rounds / 4, 0.27 * rounds / 4); // against 2 bits per round before
    }

    [Theory]
    [InlineData(3, 130, 3)]   // width 2
    [InlineData(5, 64, 7)]    // width 3
    [InlineData(9, 200, 15)]  // width 4
    [InlineData(100, 1, 127)] // width 7
    [InlineData(129, 299, 255)] // width 8
    public void Decode_WhenATestedSettingIsOutsideTheAlphabet_NamesTheFirstSuchRoundAndItsValue(int alphabet, int badRound, int badValue)
    {
        var settings = new byte[300];
        settings[badRound] = (byte)badValue;
        if (badRound + 1 < settings.Length)
            settings[^1] = (byte)badValue; // a later bad round must not be the one named
        var tested = RandomBlocks.Tested(new Random(1), 300, 1.0);
        var scope = new RevealScope(tested, 300, 0);
        byte[] payload = ReferenceEncode(settings, alphabet, new ulong[5], scope, "fw");

        var ex = Assert.Throws<MalformedPayloadException>(() => RevealMessage.Decode(payload, alphabet, scope));

        Assert.Equal($"round {badRound}: setting {badValue} outside the alphabet of {alphabet}.", ex.Message);
    }

    [Fact]
    public void Decode_WhenTheKeySettingDiffersFromTheScopes_ThrowsMalformed()
    {
        var tested = RandomBlocks.Tested(new Random(2), 100, 0.1);
        byte[] payload = new RevealMessage(SettingPlanes.FromBytes(new byte[100], 3), new ulong[1], new RevealScope(tested, 100, 2), "fw").Encode();

        var ex = Assert.Throws<MalformedPayloadException>(() => RevealMessage.Decode(payload, 3, new RevealScope(tested, 100, 1)));

        Assert.Equal("key setting 2 where 1 was expected.", ex.Message);
    }

    [Fact]
    public void Decode_WhenFewerKeySettingBitsComeThanRoundsAsked_ThrowsMalformed()
    {
        var tested = RandomBlocks.Tested(new Random(3), 100, 0.1);
        var scope = new RevealScope(tested, 100, 1);
        byte[] payload = new RevealMessage(SettingPlanes.FromBytes(new byte[100], 2), new ulong[1], scope, "fw").Encode();
        payload[2 + 2 + 2] = (byte)(scope.AskedCount - 1); // the key-setting bits' count, after the text and two bytes

        var ex = Assert.Throws<MalformedPayloadException>(() => RevealMessage.Decode(payload, 2, scope));

        Assert.StartsWith($"key-setting bits: {scope.AskedCount - 1} bits where {scope.AskedCount} were expected", ex.Message);
    }

    private static readonly IEqualityComparer<(long, ulong[])> TupleOfArrays =
        EqualityComparer<(long, ulong[])>.Create((a, b) => a.Item1 == b.Item1 && a.Item2.AsSpan().SequenceEqual(b.Item2), t => t.Item1.GetHashCode());

    private static Gen<int> OneOf(params int[] values) => Gen.Int[0, values.Length - 1].Select(i => values[i]);

    /// <summary>Settings, tested outputs and a scope with a random key setting; half the time after a peer's reveal.</summary>
    private static (byte[] Settings, ulong[] Outputs, RevealScope Scope, HashSet<int> Asked) RandomReveal(Random random, int alphabet, int rounds, double fraction)
    {
        var settings = RandomBlocks.Settings(random, rounds, alphabet);
        var tested = RandomBlocks.Tested(random, rounds, fraction);
        int key = random.Next(alphabet);
        RevealScope scope;
        if (random.Next(2) == 0)
        {
            scope = new RevealScope(tested, rounds, key);
        }
        else
        {
            var peer = SettingPlanes.FromBytes(RandomBlocks.Settings(random, rounds, 4), 4);
            scope = new RevealScope(tested, rounds, key, peer, 3);
        }
        var asked = new HashSet<int>();
        for (int i = 0; i < rounds; i++)
            if ((scope.Asked(i >> 6) >> (i & 63) & 1) != 0)
                asked.Add(i);
        var outputs = RandomBlocks.Pack(RandomBlocks.Outputs(random, (int)scope.TestedCount));
        return (settings, outputs, scope, asked);
    }

    /// <summary>
    /// The layout as the format states it, round by round: text, alphabet and key-setting bytes, one bit per asked round
    /// (on the key setting or not), bit k of each tested round's setting for every k, the tested outputs.
    /// </summary>
    private static byte[] ReferenceEncode(byte[] settings, int alphabet, ulong[] outputs, RevealScope scope, string firmware)
    {
        int width = RevealMessage.SettingWidth(alphabet);
        var writer = new PayloadWriter().Text(firmware).U8((byte)alphabet).U8((byte)scope.KeySetting);
        var onKey = new List<bool>();
        var testedBits = Enumerable.Range(0, width).Select(_ => new List<bool>()).ToArray();
        for (int i = 0; i < settings.Length; i++)
        {
            if ((scope.Asked(i >> 6) >> (i & 63) & 1) != 0)
                onKey.Add(settings[i] == scope.KeySetting);
            if ((scope.Tested(i >> 6) >> (i & 63) & 1) != 0)
                for (int k = 0; k < width; k++)
                    testedBits[k].Add(((settings[i] >> k) & 1) != 0);
        }
        writer.Bits(Pack(onKey), onKey.Count);
        foreach (var bits in testedBits)
            writer.Bits(Pack(bits), bits.Count);
        return writer.Bits(outputs, scope.TestedCount).ToArray();
    }

    private static ulong[] Pack(List<bool> bits)
    {
        var words = new ulong[PackedBits.WordCount(bits.Count)];
        for (int i = 0; i < bits.Count; i++)
            if (bits[i])
                words[i >> 6] |= 1UL << (i & 63);
        return words;
    }
}
