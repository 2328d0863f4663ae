using QkdEdge.Distillation.Bits;

namespace QkdEdge.Distillation.Measurement;

/// <summary>
/// Random rounds of the CHSH protocol (VV labels) from honest devices sharing a depolarised singlet of
/// visibility v with the optimal settings (reference sheet, section 0): x uniform in {0,1,2}, y uniform in {0,1},
/// a uniform; on the four CHSH pairs the game is lost with probability 1 - w, w = 1/2 + v / (2 sqrt2); on
/// (2, 1) a != b with probability Q = (1 - v)/2; on (2, 0) (Z against (Z+X)/sqrt2) a != b with probability
/// (1 - v/sqrt2)/2, which equals 1 - w. Each round is a test round with probability gamma. Generated bit-sliced,
/// 64 rounds per word; Bernoulli masks use 16-bit binary expansions of the probabilities.
/// For benchmarks and tests only: not a model of any particular experiment's imperfections.
/// </summary>
public sealed class SyntheticRoundSource : IBlockRoundSource
{
    private readonly ushort _lose;
    private readonly ushort _keyError;
    private readonly ushort _test;
    private Xoshiro256StarStar _rng;

    public SyntheticRoundSource(double visibility, double testFraction, ulong seed)
    {
        if (double.IsNaN(visibility) || visibility < 0 || visibility > 1)
        {
            throw new ArgumentOutOfRangeException(nameof(visibility), visibility, "A visibility in [0, 1] is required.");
        }

        if (double.IsNaN(testFraction) || testFraction < 0 || testFraction > 1)
        {
            throw new ArgumentOutOfRangeException(nameof(testFraction), testFraction, "A test fraction in [0, 1] is required.");
        }

        Visibility = visibility;
        TestFraction = testFraction;
        double w = 0.5 + visibility / (2.0 * Math.Sqrt(2.0));
        _lose = Quantise(1.0 - w);
        _keyError = Quantise(ErrorRate);
        _test = Quantise(testFraction);
        _rng = new Xoshiro256StarStar(seed);
    }

    public double Visibility { get; }

    public double TestFraction { get; }

    /// <summary>Q = (1 - v)/2 on key rounds.</summary>
    public double ErrorRate => (1.0 - Visibility) / 2.0;

    /// <summary>A generator stands in for the archive: its time is reported apart, not counted in the block's.</summary>
    public bool CountsTowardsBlock => false;

    /// <summary>Fills <paramref name="buffers"/> with the next <paramref name="rounds"/> rounds.</summary>
    public void Fill(RoundPlaneBuffers buffers, int rounds)
    {
        ArgumentNullException.ThrowIfNull(buffers);
        if (rounds < 0 || rounds > buffers.Capacity)
        {
            throw new ArgumentOutOfRangeException(nameof(rounds), rounds, "Does not fit the buffers.");
        }

        int words = PackedBits.WordCount(rounds);
        for (int w = 0; w < words; w++)
        {
            ulong hi = _rng.NextUInt64();
            ulong lo = _rng.NextUInt64();

            // x = 3 is not a setting: redraw those positions until none is left (x stays uniform on {0,1,2}).
            ulong three = hi & lo;
            while (three != 0)
            {
                ulong newHi = _rng.NextUInt64();
                ulong newLo = _rng.NextUInt64();
                hi = (hi & ~three) | (newHi & three);
                lo = (lo & ~three) | (newLo & three);
                three = hi & lo;
            }

            ulong y = _rng.NextUInt64();
            ulong a = _rng.NextUInt64();
            ulong keyPair = hi & ~lo & y;
            ulong error = (keyPair & Bernoulli(_keyError)) | (~keyPair & Bernoulli(_lose));
            ulong target = ~hi & lo & y; // x = 1 and y = 1: the game wants a != b
            buffers.AliceHigh[w] = hi;
            buffers.AliceLow[w] = lo;
            buffers.Bob[w] = y;
            buffers.OutcomeA[w] = a;
            buffers.OutcomeB[w] = a ^ target ^ error;
            buffers.TestMask[w] = Bernoulli(_test);
        }

        if ((rounds & 63) != 0)
        {
            ulong valid = (1UL << (rounds & 63)) - 1;
            buffers.AliceHigh[words - 1] &= valid;
            buffers.AliceLow[words - 1] &= valid;
            buffers.Bob[words - 1] &= valid;
            buffers.OutcomeA[words - 1] &= valid;
            buffers.OutcomeB[words - 1] &= valid;
            buffers.TestMask[words - 1] &= valid;
        }

        buffers.RoundCount = rounds;
    }

    private ulong Bernoulli(ushort p) => BernoulliWords.Next(ref _rng, p);

    private static ushort Quantise(double p) => BernoulliWords.Quantise(p);
}
