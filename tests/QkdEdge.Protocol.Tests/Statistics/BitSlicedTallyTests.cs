using CsCheck;
using QkdEdge.Protocol.Description;
using QkdEdge.Protocol.Planes;
using QkdEdge.Protocol.Statistics;
using QkdEdge.Protocol.Tests.Support;

namespace QkdEdge.Protocol.Tests.Statistics;

/// <summary>The bit-sliced counter against the byte-per-round <see cref="BellTally.Count"/>, on random blocks.</summary>
public sealed class BitSlicedTallyTests
{
    /// <summary>
    /// Not a physical protocol: four and three inputs, a functional that scores some output combinations of a pair
    /// and not others, and a key pair away from (2, 1), so that nothing CHSH-shaped is assumed by the counter.
    /// </summary>
    private static readonly ProtocolDescription Irregular = new()
    {
        Name = "irregular-test",
        Version = "0",
        AliceInputs = 4,
        BobInputs = 3,
        KeyPair = (3, 0),
        BellWin = static (x, y, a, b) => (x + y) % 3 == 0 ? null : x == 1 && a == 1 ? null : ((a + b + x * y) & 1) == 0,
        QuantumWinProbability = 0.9,
        LocalWinProbability = 0.8,
    };

    public static TheoryData<string> ProtocolNames => new() { Protocols.ChshVaziraniVidick.Name, Irregular.Name };

    [Theory]
    [MemberData(nameof(ProtocolNames))]
    public void Count_OnRandomBlocks_EqualsTheByteColumnCount(string name)
    {
        var protocol = name == Irregular.Name ? Irregular : Protocols.ChshVaziraniVidick;
        Property.Check(Gen.Select(Gen.Int[0, 1000], Gen.Double[0, 1], Gen.Int), 200, seed: 41, input =>
        {
            var (rounds, fraction, seed) = input;
            var random = new Random(seed);
            var x = RandomBlocks.Settings(random, rounds, protocol.AliceInputs);
            var y = RandomBlocks.Settings(random, rounds, protocol.BobInputs);
            var a = RandomBlocks.Outputs(random, rounds);
            var b = RandomBlocks.Outputs(random, rounds);
            var tested = RandomBlocks.Tested(random, rounds, fraction);

            var planes = BitSlicedTally.Count(protocol, SettingPlanes.FromBytes(x, protocol.AliceInputs), RandomBlocks.Pack(a),
                SettingPlanes.FromBytes(y, protocol.BobInputs), RandomBlocks.Pack(b), tested);
            var bytes = BellTally.Count(protocol, x, a, y, b, ByteColumnReveal.Unpack(tested, rounds));

            Assert.Equal(bytes.Rounds, planes.Rounds);
            Assert.Equal(bytes.TestedPerPair, planes.TestedPerPair);
            Assert.Equal(bytes.WinsPerPair, planes.WinsPerPair);
            Assert.Equal((bytes.BellTests, bytes.BellWins, bytes.KeyTests, bytes.KeyErrors, bytes.RawKeyRounds),
                (planes.BellTests, planes.BellWins, planes.KeyTests, planes.KeyErrors, planes.RawKeyRounds));
        });
    }

    [Theory]
    [MemberData(nameof(ProtocolNames))]
    public void Count_WithEitherSidesOutputsAsRevealed_EqualsTheByteColumnCount(string name)
    {
        // The engine passes the peer's outputs as the reveal carries them (tested rounds only, packed); every other
        // round of that side reads as anything, so it is filled at random in the byte form to show it is never read.
        var protocol = name == Irregular.Name ? Irregular : Protocols.ChshVaziraniVidick;
        Property.Check(Gen.Select(Gen.Int[0, 1000], Gen.Double[0, 1], Gen.Bool, Gen.Int), 200, seed: 42, input =>
        {
            var (rounds, fraction, peerIsBob, seed) = input;
            var random = new Random(seed);
            var x = RandomBlocks.Settings(random, rounds, protocol.AliceInputs);
            var y = RandomBlocks.Settings(random, rounds, protocol.BobInputs);
            var a = RandomBlocks.Outputs(random, rounds);
            var b = RandomBlocks.Outputs(random, rounds);
            var tested = RandomBlocks.Tested(random, rounds, fraction);
            var (revealed, _) = ByteColumnReveal.TestedOutputs(peerIsBob ? b : a, tested);

            var planes = peerIsBob
                ? BitSlicedTally.Count(protocol, SettingPlanes.FromBytes(x, protocol.AliceInputs), OutputWords.Plane(RandomBlocks.Pack(a)),
                    SettingPlanes.FromBytes(y, protocol.BobInputs), OutputWords.Revealed(revealed), tested)
                : BitSlicedTally.Count(protocol, SettingPlanes.FromBytes(x, protocol.AliceInputs), OutputWords.Revealed(revealed),
                    SettingPlanes.FromBytes(y, protocol.BobInputs), OutputWords.Plane(RandomBlocks.Pack(b)), tested);
            var bytes = BellTally.Count(protocol, x, a, y, b, ByteColumnReveal.Unpack(tested, rounds));

            Assert.Equal(bytes.TestedPerPair, planes.TestedPerPair);
            Assert.Equal(bytes.WinsPerPair, planes.WinsPerPair);
            Assert.Equal((bytes.BellTests, bytes.BellWins, bytes.KeyTests, bytes.KeyErrors, bytes.RawKeyRounds),
                (planes.BellTests, planes.BellWins, planes.KeyTests, planes.KeyErrors, planes.RawKeyRounds));
        });
    }

    [Fact]
    public void Count_WhenTheSettingsAlphabetIsNotTheProtocols_Refuses()
    {
        var protocol = Protocols.ChshVaziraniVidick;
        var x = SettingPlanes.FromBytes(new byte[10], 2);
        var y = SettingPlanes.FromBytes(new byte[10], 2);

        Assert.Throws<ArgumentException>(() => BitSlicedTally.Count(protocol, x, new ulong[1], y, new ulong[1], new ulong[1]));
    }
}
