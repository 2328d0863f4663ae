using QkdEdge.Distillation.Bits;
using QkdEdge.Protocol.Description;
using QkdEdge.Rounds;

namespace QkdEdge.Protocol.Tests.Support;

/// <summary>
/// The engine's reveal helpers as they were written on a byte per round, kept as the reference the bit-plane
/// helpers (PlaneReveal) and counter (BitSlicedTally) are checked against: one plain loop each, obviously right.
/// </summary>
internal static class ByteColumnReveal
{
    public static byte[] Bin(OutcomeBinning binning, ReadOnlySpan<byte> clicks)
    {
        var outputs = new byte[clicks.Length];
        for (int i = 0; i < clicks.Length; i++)
            outputs[i] = binning.Bin((ClickPattern)(clicks[i] & 3));
        return outputs;
    }

    public static (ulong[] Packed, long Count) TestedOutputs(ReadOnlySpan<byte> outputs, ReadOnlySpan<ulong> tested)
    {
        long count = PackedBits.PopCount(tested, outputs.Length);
        var packed = new ulong[PackedBits.WordCount(count)];
        long j = 0;
        for (int i = 0; i < outputs.Length; i++)
            if (PackedBits.Get(tested, i))
            {
                if (outputs[i] != 0)
                    packed[j >> 6] |= 1UL << (int)(j & 63);
                j++;
            }
        return (packed, count);
    }

    /// <summary>Spreads the revealed tested outputs back over the rounds (untested rounds read 0: they are never looked at).</summary>
    public static byte[] Expand(ReadOnlySpan<ulong> testedOutputs, ReadOnlySpan<ulong> tested, int rounds)
    {
        var outputs = new byte[rounds];
        long j = 0;
        for (int i = 0; i < rounds; i++)
            if (PackedBits.Get(tested, i))
                outputs[i] = (byte)PackedBits.GetBit(testedOutputs, j++);
        return outputs;
    }

    public static bool[] Unpack(ReadOnlySpan<ulong> tested, int rounds)
    {
        var flags = new bool[rounds];
        for (int i = 0; i < rounds; i++)
            flags[i] = PackedBits.Get(tested, i);
        return flags;
    }

    /// <summary>This station's outputs on the untested key-pair rounds, in round order: the raw key.</summary>
    public static (ulong[] Key, long Bits) RawKey(ProtocolDescription protocol, ReadOnlySpan<byte> aliceSettings, ReadOnlySpan<byte> bobSettings,
        ReadOnlySpan<byte> ownOutputs, ReadOnlySpan<ulong> tested)
    {
        long bits = 0;
        for (int i = 0; i < ownOutputs.Length; i++)
            if (!PackedBits.Get(tested, i) && protocol.IsKeyPair(aliceSettings[i], bobSettings[i]))
                bits++;
        var key = new ulong[PackedBits.WordCount(bits)];
        long j = 0;
        for (int i = 0; i < ownOutputs.Length; i++)
            if (!PackedBits.Get(tested, i) && protocol.IsKeyPair(aliceSettings[i], bobSettings[i]))
            {
                if (ownOutputs[i] != 0)
                    key[j >> 6] |= 1UL << (int)(j & 63);
                j++;
            }
        return (key, bits);
    }
}
