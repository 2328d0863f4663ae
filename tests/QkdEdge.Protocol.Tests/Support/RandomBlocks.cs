using QkdEdge.Distillation.Bits;

namespace QkdEdge.Protocol.Tests.Support;

/// <summary>Random per-round columns for the bit-plane tests: uniform settings, clicks and a test selection.</summary>
internal static class RandomBlocks
{
    public static byte[] Settings(Random random, int rounds, int alphabet)
    {
        var settings = new byte[rounds];
        for (int i = 0; i < rounds; i++)
            settings[i] = (byte)random.Next(alphabet);
        return settings;
    }

    /// <summary>Click bytes with random upper bits too: only bits 0 and 1 are a click pattern.</summary>
    public static byte[] Clicks(Random random, int rounds)
    {
        var clicks = new byte[rounds];
        random.NextBytes(clicks);
        return clicks;
    }

    /// <summary>Each round tested with probability <paramref name="fraction"/>; no bit past the last round.</summary>
    public static ulong[] Tested(Random random, int rounds, double fraction)
    {
        var tested = new ulong[PackedBits.WordCount(rounds)];
        for (int i = 0; i < rounds; i++)
            if (random.NextDouble() < fraction)
                PackedBits.Set(tested, i, true);
        return tested;
    }

    public static byte[] Outputs(Random random, int rounds)
    {
        var outputs = new byte[rounds];
        for (int i = 0; i < rounds; i++)
            outputs[i] = (byte)random.Next(2);
        return outputs;
    }

    public static ulong[] Pack(ReadOnlySpan<byte> bits)
    {
        var packed = new ulong[PackedBits.WordCount(bits.Length)];
        for (int i = 0; i < bits.Length; i++)
            PackedBits.Set(packed, i, bits[i] != 0);
        return packed;
    }
}
