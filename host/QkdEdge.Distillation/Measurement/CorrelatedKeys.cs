using QkdEdge.Distillation.Bits;

namespace QkdEdge.Distillation.Measurement;

/// <summary>
/// Key pairs for measurements and tests of reconciliation: Alice's key is uniform, Bob's differs in each bit
/// independently with a given probability (a binary symmetric channel). Seeded, so a pair can be drawn again.
/// </summary>
public static class CorrelatedKeys
{
    public static (ulong[] Alice, ulong[] Bob) Draw(long bits, double errorRate, ulong seed)
    {
        ArgumentOutOfRangeException.ThrowIfNegative(bits);
        if (double.IsNaN(errorRate) || errorRate < 0 || errorRate > 1)
        {
            throw new ArgumentOutOfRangeException(nameof(errorRate), errorRate, "Expected a probability.");
        }

        var rng = new Xoshiro256StarStar(seed);
        var alice = new ulong[PackedBits.WordCount(bits)];
        rng.Fill(alice);
        PackedBits.ClearTail(alice, bits);
        var bob = (ulong[])alice.Clone();
        for (long i = 0; i < bits; i++)
        {
            if (rng.NextDouble() < errorRate)
            {
                PackedBits.Flip(bob, i);
            }
        }

        return (alice, bob);
    }
}
