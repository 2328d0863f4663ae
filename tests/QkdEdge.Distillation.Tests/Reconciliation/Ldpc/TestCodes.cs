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

    /// <summary>
    /// Decodes with every third bit erased (channel value 0), then resumes the same decoder state with those bits
    /// known (+-127): whether each attempt converged, and the word the second produced.
    /// </summary>
    public static (bool ErasedConverged, bool ResumedConverged, ulong[] Output) DecodeErasedThenResumed(
        LayeredMinSumDecoder decoder, int length, ulong[] word, sbyte[] known, ulong[] syndrome)
    {
        var erased = (sbyte[])known.Clone();
        for (int i = 0; i < length; i += 3)
            erased[i] = 0;

        var state = decoder.CreateState();
        var output = new ulong[PackedBits.WordCount(length)];
        bool first = decoder.Decode(erased, syndrome, output, state).Converged;
        var revealed = (sbyte[])known.Clone();
        for (int i = 0; i < length; i += 3)
            revealed[i] = PackedBits.Get(word, i) ? (sbyte)-127 : (sbyte)127;
        bool second = decoder.Decode(revealed, syndrome, output, state).Converged;
        return (first, second, output);
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
