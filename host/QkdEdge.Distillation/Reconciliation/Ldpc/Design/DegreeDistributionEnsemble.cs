namespace QkdEdge.Distillation.Reconciliation.Ldpc.Design;

/// <summary>
/// An unstructured LDPC ensemble given by its edge-perspective degree distributions lambda (bits) and rho (checks),
/// as published code designs state them: (degree, fraction of edges) pairs.
/// </summary>
public sealed class DegreeDistributionEnsemble
{
    public DegreeDistributionEnsemble(IReadOnlyList<(int Degree, double EdgeFraction)> bits, IReadOnlyList<(int Degree, double EdgeFraction)> checks)
    {
        Bits = Normalise(bits, nameof(bits));
        Checks = Normalise(checks, nameof(checks));
        double bitNodes = Bits.Sum(x => x.EdgeFraction / x.Degree);
        double checkNodes = Checks.Sum(x => x.EdgeFraction / x.Degree);
        DesignRate = 1 - (checkNodes / bitNodes);
    }

    public IReadOnlyList<(int Degree, double EdgeFraction)> Bits { get; }

    public IReadOnlyList<(int Degree, double EdgeFraction)> Checks { get; }

    /// <summary>1 - (checks / bits).</summary>
    public double DesignRate { get; }

    /// <summary>Regular ensemble: every bit of degree <paramref name="bitDegree"/>, every check of <paramref name="checkDegree"/>.</summary>
    public static DegreeDistributionEnsemble Regular(int bitDegree, int checkDegree) => new([(bitDegree, 1.0)], [(checkDegree, 1.0)]);

    /// <summary>Whether belief propagation decodes this ensemble on a binary symmetric channel with this error rate.</summary>
    public bool Converges(LlrDensityGrid grid, double errorRate)
    {
        ArgumentNullException.ThrowIfNull(grid);
        var channel = grid.BinarySymmetric(errorRate);
        var toChecks = channel;
        int minCheckDegree = Checks.Min(x => x.Degree);
        int maxCheckDegree = Checks.Max(x => x.Degree);
        var watch = new ConvergenceWatch();
        while (true)
        {
            var powers = grid.BoxPlusPowers(toChecks, minCheckDegree - 1, maxCheckDegree - 1);
            var toBits = new double[grid.Size];
            foreach (var (degree, fraction) in Checks)
            {
                LlrDensityGrid.AddScaled(toBits, powers[degree - 1], fraction);
            }

            toChecks = grid.BitMessages(channel, LlrDensityGrid.Normalised(toBits), Bits);
            if (watch.Observe(grid.ErrorProbability(toChecks)) is { } decided)
            {
                return decided;
            }
        }
    }

    private static IReadOnlyList<(int Degree, double EdgeFraction)> Normalise(IReadOnlyList<(int Degree, double EdgeFraction)> pairs, string name)
    {
        ArgumentNullException.ThrowIfNull(pairs, name);
        if (pairs.Count == 0 || pairs.Any(x => x.Degree < 2 || !(x.EdgeFraction >= 0)) || !(pairs.Sum(x => x.EdgeFraction) > 0))
        {
            throw new ArgumentException("Degrees of at least 2 with non-negative edge fractions that do not all vanish are required.", name);
        }

        double total = pairs.Sum(x => x.EdgeFraction);
        return pairs.Where(x => x.EdgeFraction > 0).Select(x => (x.Degree, x.EdgeFraction / total)).ToArray();
    }
}
