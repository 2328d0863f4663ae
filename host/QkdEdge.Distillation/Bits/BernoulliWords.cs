namespace QkdEdge.Distillation.Bits;

/// <summary>
/// Words of 64 independent random bits, each 1 with a probability given in sixteen binary digits: random words are
/// folded along the probability's digits (OR for a 1, AND for a 0, lowest digit first), so one word costs sixteen
/// draws however small the probability, with no per-bit comparison.
/// </summary>
public static class BernoulliWords
{
    public const int ProbabilityBits = 16;

    /// <summary>The nearest probability of the form p / 2^16.</summary>
    public static ushort Quantise(double probability) =>
        (ushort)Math.Clamp(Math.Round(probability * (1 << ProbabilityBits)), 0, ushort.MaxValue);

    /// <summary>64 independent bits, each 1 with probability <paramref name="probability"/> / 2^16.</summary>
    public static ulong Next(ref Xoshiro256StarStar random, ushort probability)
    {
        ulong result = 0;
        for (int bit = 0; bit < ProbabilityBits; bit++)
        {
            ulong word = random.NextUInt64();
            result = ((probability >> bit) & 1) != 0 ? result | word : result & word;
        }

        return result;
    }
}
