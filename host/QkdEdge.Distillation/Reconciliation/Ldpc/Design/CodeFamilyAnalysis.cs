namespace QkdEdge.Distillation.Reconciliation.Ldpc.Design;

/// <summary>A code's asymptotic belief-propagation threshold on full frames.</summary>
/// <param name="BaseRows">The code's base rows.</param>
/// <param name="DesignRate">1 - rows / columns.</param>
/// <param name="ShannonLimit">The error rate whose entropy equals the redundancy.</param>
/// <param name="Threshold">The largest error rate density evolution decodes.</param>
/// <param name="Efficiency">f at the threshold: (1 - rate) / h(threshold).</param>
public sealed record CodeThreshold(int BaseRows, double DesignRate, double ShannonLimit, double Threshold, double Efficiency);

/// <summary>
/// The asymptotic floor of the exchange at one error rate: the planner's code and modulation for the key, and the
/// efficiency once just enough padding is revealed for density evolution to decode. <see cref="Efficiency"/> is null
/// when even revealing all padding does not; when the first attempt already decodes (<see cref="RevealedBits"/> 0)
/// the floor lies at or below <see cref="FirstAttemptEfficiency"/>, which is then all the plan lets it show.
/// </summary>
public sealed record ExchangeFloor(
    double ErrorRate, int BaseRows, int KeyBits, int PaddingBits, int ShortenedBits, double FirstAttemptEfficiency, int? RevealedBits, double? Efficiency);

/// <summary>
/// Density evolution applied to the shipped codes: how far each code's ensemble is from the Shannon limit, and how
/// far the exchange's modulation (shortening, padding) takes it at a given error rate. Finite frames, the 8-bit
/// decoder, the iteration limit and the attempt schedule all add to these floors; they never lower them.
/// </summary>
public static class CodeFamilyAnalysis
{
    public static CodeThreshold Threshold(QcCodeSpec spec, LlrDensityGrid grid)
    {
        ArgumentNullException.ThrowIfNull(spec);
        ArgumentNullException.ThrowIfNull(grid);
        var ensemble = StaircaseEnsemble.Of(spec);
        double limit = BeliefPropagationThreshold.ShannonLimit(ensemble.DesignRate);
        double threshold = BeliefPropagationThreshold.Bisect(q => ensemble.Converges(grid, q, FrameModulation.None), limit / 2, limit, 12);
        return new CodeThreshold(spec.BaseRows, ensemble.DesignRate, limit, threshold, BeliefPropagationThreshold.EfficiencyAt(ensemble.DesignRate, threshold));
    }

    public static ExchangeFloor AtErrorRate(LdpcCodeFamily family, double errorRate, long keyBits, ReconciliationOptions options, LlrDensityGrid grid)
    {
        ArgumentNullException.ThrowIfNull(family);
        ArgumentNullException.ThrowIfNull(grid);
        var plan = ReconciliationPlanner.Plan(family, keyBits, errorRate, options);
        var frame = plan.Frames[0];
        var spec = family.Specs[frame.CodeIndex];
        var ensemble = StaircaseEnsemble.Of(spec);
        int n = family.FrameLength;
        int candidates = family.PaddingCapacity(frame.CodeIndex);
        int m = family.CheckCount(frame.CodeIndex);
        double h = BinaryEntropy.Of(errorRate);
        double Efficiency(int revealed) => (m - frame.PaddingBits + revealed) / (frame.KeyBits * h);
        bool Decodes(int revealed) =>
            ensemble.Converges(grid, errorRate, FrameModulation.Of(n, candidates, frame.PaddingBits, revealed, frame.ShortenedBits));

        if (!Decodes(frame.PaddingBits))
        {
            return new ExchangeFloor(errorRate, spec.BaseRows, frame.KeyBits, frame.PaddingBits, frame.ShortenedBits, Efficiency(0), null, null);
        }

        if (Decodes(0))
        {
            return new ExchangeFloor(errorRate, spec.BaseRows, frame.KeyBits, frame.PaddingBits, frame.ShortenedBits, Efficiency(0), 0, Efficiency(0));
        }

        // Smallest reveal that decodes, to within a 256th of the padding.
        int low = 0;
        int high = frame.PaddingBits;
        int resolution = Math.Max(1, frame.PaddingBits / 256);
        while (high - low > resolution)
        {
            int middle = low + ((high - low) / 2);
            if (Decodes(middle))
            {
                high = middle;
            }
            else
            {
                low = middle;
            }
        }

        return new ExchangeFloor(errorRate, spec.BaseRows, frame.KeyBits, frame.PaddingBits, frame.ShortenedBits, Efficiency(0), high, Efficiency(high));
    }
}
