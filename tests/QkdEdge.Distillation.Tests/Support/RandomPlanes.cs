using QkdEdge.Distillation.Bits;
using QkdEdge.Distillation.Sifting;

namespace QkdEdge.Distillation.Tests.Support;

/// <summary>Arbitrary bit-planes (including the invalid setting x = 3 and garbage past the last round) from a seed.</summary>
public sealed class RandomPlanes
{
    public RandomPlanes(long rounds, ulong seed, int extraWords = 1)
    {
        Rounds = rounds;
        var rng = new Xoshiro256StarStar(seed);
        int words = PackedBits.WordCount(rounds) + extraWords;
        High = Fill(words, ref rng);
        Low = Fill(words, ref rng);
        Bob = Fill(words, ref rng);
        A = Fill(words, ref rng);
        B = Fill(words, ref rng);
        Test = Fill(words, ref rng);
    }

    public long Rounds { get; }

    public ulong[] High { get; }

    public ulong[] Low { get; }

    public ulong[] Bob { get; }

    public ulong[] A { get; }

    public ulong[] B { get; }

    public ulong[] Test { get; }

    public RoundPlanes Planes => new(High, Low, Bob, A, B, Test, Rounds);

    public int X(long i) => (2 * PackedBits.GetBit(High, i)) + PackedBits.GetBit(Low, i);

    private static ulong[] Fill(int words, ref Xoshiro256StarStar rng)
    {
        var plane = new ulong[words];
        rng.Fill(plane);
        return plane;
    }
}
