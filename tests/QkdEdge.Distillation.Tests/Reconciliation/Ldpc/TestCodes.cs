using QkdEdge.Distillation.Bits;
using QkdEdge.Distillation.Reconciliation.Ldpc;

namespace QkdEdge.Distillation.Tests.Reconciliation.Ldpc;

/// <summary>Small codes and frames for tests (fixed seeds).</summary>
internal static class TestCodes
{
    /// <summary>Rate 1 - 16/64 = 0.75, frames of 4,096 bits: small enough for the sum-product reference.</summary>
    public static QcLdpcCode Small { get; } = QcLdpcConstruction.Build(
        new QcCodeSpec(16, 64, 64, Enumerable.Repeat(3, 40).Concat(Enumerable.Repeat(8, 9)).ToArray(), Seed: 42));

    /// <summary>The shipped profiles with circulants of 64: frames of 16,384 bits.</summary>
    public static LdpcCodeFamily SmallFamily { get; } = StandardLdpcCodes.CreateFamily(64);

    /// <summary>A random word, Bob's copy through a binary symmetric channel, and the word's syndrome.</summary>
    public static (ulong[] Word, ulong[] Received, ulong[] Syndrome) Frame(QcLdpcCode code, double errorRate, ulong seed)
    {
        var rng = new Xoshiro256StarStar(seed);
        var word = new ulong[PackedBits.WordCount(code.BlockLength)];
        rng.Fill(word);
        var received = (ulong[])word.Clone();
        for (int i = 0; i < code.BlockLength; i++)
        {
            if (rng.NextDouble() < errorRate)
            {
                PackedBits.Flip(received, i);
            }
        }

        var syndrome = new ulong[PackedBits.WordCount(code.CheckCount)];
        code.ComputeSyndrome(word, syndrome);
        return (word, received, syndrome);
    }

    public static sbyte[] Quantised(ulong[] received, int length, int magnitude)
    {
        var llr = new sbyte[length];
        for (int i = 0; i < length; i++)
        {
            llr[i] = PackedBits.Get(received, i) ? (sbyte)-magnitude : (sbyte)magnitude;
        }

        return llr;
    }
}
