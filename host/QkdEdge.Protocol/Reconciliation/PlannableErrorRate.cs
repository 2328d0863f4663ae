using QkdEdge.Distillation.Reconciliation;
using QkdEdge.Distillation.Reconciliation.Ldpc;

namespace QkdEdge.Protocol.Reconciliation;

/// <summary>
/// The smallest error rate for which <see cref="ReconciliationPlanner"/> can fit a frame into a code of the family.
/// In the planner's model (its summary) a frame of code c with m syndrome bits carries k = m / (f_last h(Q)) key
/// bits and p = m - f_first k h(Q) padding bits, and k + p may not exceed the frame length n; as Q falls, k grows
/// until even the code with the fewest checks overflows its frame. Solving k + p = n for h gives
/// h = m / (f_last (n - m (1 - f_first / f_last))), with f = the code's typical efficiency times the first and
/// last attempt scales; the least such h over the family, inverted, is the floor.
/// </summary>
internal static class PlannableErrorRate
{
    /// <summary>
    /// Relative margin above the exact solution: the planner rounds k down to whole words and p up, which only
    /// helps the frame fit, but the floor must not sit on the boundary where floating-point rounding decides.
    /// </summary>
    private const double Margin = 1e-3;

    public static double Lowest(LdpcCodeFamily family, ReconciliationOptions options)
    {
        double lowestEntropy = double.PositiveInfinity;
        double n = family.FrameLength;
        for (int c = 0; c < family.Count; c++)
        {
            double typical = family.Profiles[c].TypicalEfficiency;
            double first = typical * options.AttemptScales[0];
            double last = typical * options.AttemptScales[^1];
            double m = family.CheckCount(c);
            lowestEntropy = Math.Min(lowestEntropy, m / (last * (n - (m * (1 - (first / last))))));
        }

        return InverseEntropy(lowestEntropy) * (1 + Margin);
    }

    /// <summary>The p in (0, 1/2] with h(p) = <paramref name="entropy"/>, by bisection (h is increasing there).</summary>
    private static double InverseEntropy(double entropy)
    {
        double low = 0, high = 0.5;
        for (int i = 0; i < 100; i++)
        {
            double middle = (low + high) / 2;
            if (BinaryEntropy.Of(middle) < entropy)
                low = middle;
            else
                high = middle;
        }

        return high;
    }
}
