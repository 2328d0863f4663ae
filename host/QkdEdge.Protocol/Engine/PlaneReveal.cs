using System.Numerics;
using QkdEdge.Distillation.Bits;
using QkdEdge.Protocol.Description;
using QkdEdge.Protocol.Planes;

namespace QkdEdge.Protocol.Engine;

/// <summary>
/// Pure helpers on bit-planes that turn one station's block into what it reveals, and revealed data back into
/// planes: each is a gather (PEXT) or a scatter (PDEP) per 64 rounds under the test or key mask.
/// </summary>
internal static class PlaneReveal
{
    /// <summary>The outputs of the tested rounds, in round order.</summary>
    public static (ulong[] Packed, long Count) TestedOutputs(ReadOnlySpan<ulong> outputs, ReadOnlySpan<ulong> tested, int rounds)
    {
        int words = PackedBits.WordCount(rounds);
        long count = PackedBits.PopCount(tested, rounds);
        var packed = new ulong[PackedBits.WordCount(count)];
        var appender = new BitAppender(packed, 0);
        appender.AppendSelected(outputs[..words], tested[..words]);
        appender.Flush();
        return (packed, count);
    }

    /// <summary>Spreads the revealed tested outputs back over the rounds (untested rounds read 0: they are never looked at).</summary>
    public static ulong[] Expand(ReadOnlySpan<ulong> testedOutputs, ReadOnlySpan<ulong> tested, int rounds)
    {
        var plane = new ulong[PackedBits.WordCount(rounds)];
        long next = 0;
        for (int w = 0; w < plane.Length; w++)
        {
            ulong mask = tested[w];
            int count = BitOperations.PopCount(mask);
            if (count == 0)
                continue;
            plane[w] = BitGather.Deposit(PackedBits.ReadBits(testedOutputs, next, count), mask);
            next += count;
        }

        return plane;
    }

    /// <summary>This station's outputs on the untested key-pair rounds, in round order: the raw key.</summary>
    public static (ulong[] Key, long Bits) RawKey(ProtocolDescription protocol, SettingPlanes aliceSettings, SettingPlanes bobSettings,
        ReadOnlySpan<ulong> ownOutputs, ReadOnlySpan<ulong> tested)
    {
        var masks = new ulong[aliceSettings.WordCount];
        long bits = 0;
        for (int w = 0; w < masks.Length; w++)
        {
            masks[w] = aliceSettings.Matches(w, protocol.KeyPair.X) & bobSettings.Matches(w, protocol.KeyPair.Y) & ~tested[w];
            bits += BitOperations.PopCount(masks[w]);
        }

        var key = new ulong[PackedBits.WordCount(bits)];
        var appender = new BitAppender(key, 0);
        appender.AppendSelected(ownOutputs[..masks.Length], masks);
        appender.Flush();
        return (key, bits);
    }
}
