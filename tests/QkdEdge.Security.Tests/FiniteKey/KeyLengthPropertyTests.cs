using CsCheck;
using QkdEdge.Security.Asymptotic;
using QkdEdge.Security.FiniteKey;

namespace QkdEdge.Security.Tests.FiniteKey;

/// <summary>
/// Properties of the key length (CsCheck, one fixed seed so every run draws the same cases; one iteration draws
/// an array of cases so the whole sample is reproducible).
/// </summary>
public class KeyLengthPropertyTests
{
    private const string Seed = "0N0XIzNsQ0O2";
    private static readonly EatSecurityParameters Eps = EatSecurityParameters.ForSoundness(1e-10, 1e-2);

    private static long KeyBits(double s, double q, long n) =>
        Math.Max(0, FiniteKeyPlanner.Plan(new PlanningInputs(s, q, Eps), n).Result.KeyLengthBits);

    [Fact]
    public void Plan_WhenChshGrows_KeyLengthNeverShrinks()
    {
        var cases = Gen.Select(Gen.Double[2.3, 2.82], Gen.Double[0.0005, 0.03], Gen.Double[0.001, 0.02], Gen.Double[6.0, 11.0]);
        cases.Array[12].Sample(
            all =>
            {
                foreach (var (s, q, ds, logN) in all)
                {
                    long n = (long)Math.Pow(10, logN);
                    double s2 = Math.Min(s + ds, Chsh.TsirelsonBound);
                    Assert.True(KeyBits(s2, q, n) >= KeyBits(s, q, n), $"S {s} -> {s2}, Q {q}, n {n}");
                }
            },
            seed: Seed, iter: 1, threads: 1);
    }

    [Fact]
    public void Plan_WhenRoundsGrow_KeyLengthNeverShrinks()
    {
        var cases = Gen.Select(Gen.Double[2.4, 2.82], Gen.Double[0.0005, 0.03], Gen.Double[5.5, 10.5], Gen.Double[0.05, 1.0]);
        cases.Array[12].Sample(
            all =>
            {
                foreach (var (s, q, logN, dLog) in all)
                {
                    long n = (long)Math.Pow(10, logN), n2 = (long)Math.Pow(10, logN + dLog);
                    Assert.True(KeyBits(s, q, n2) >= KeyBits(s, q, n), $"S {s}, Q {q}, n {n} -> {n2}");
                }
            },
            seed: Seed, iter: 1, threads: 1);
    }

    [Fact]
    public void Plan_WhenNoBellViolation_NeverYieldsKey()
    {
        var cases = Gen.Select(Gen.Double[1.0, 2.0], Gen.Double[0.0, 0.1], Gen.Double[4.0, 13.0]);
        cases.Array[16].Sample(
            all =>
            {
                foreach (var (s, q, logN) in all)
                {
                    Assert.True(FiniteKeyPlanner.Plan(new PlanningInputs(s, q, Eps), (long)Math.Pow(10, logN)).Result.IsAbort, $"S {s}, Q {q}");
                }
            },
            seed: Seed, iter: 1, threads: 1);
    }

    [Fact]
    public void Plan_WhenAnyOperatingPoint_NeverExceedsAsymptoticRateTimesRounds()
    {
        var cases = Gen.Select(Gen.Double[2.2, 2.8284], Gen.Double[0.0, 0.06], Gen.Double[5.0, 13.0]);
        cases.Array[16].Sample(
            all =>
            {
                foreach (var (s, q, logN) in all)
                {
                    long n = (long)Math.Pow(10, logN);
                    Assert.True(KeyBits(s, q, n) <= n * ChshKeyRate.Rate(s, q), $"S {s}, Q {q}, n {n}");
                }
            },
            seed: Seed, iter: 1, threads: 1);
    }

    [Fact]
    public void Evaluate_WhenParametersFixed_IsMonotoneInThresholdAndRounds()
    {
        // The engine's key length at fixed (gamma, p_t): a larger threshold or more rounds never shortens a positive key.
        var cases = Gen.Select(Gen.Double[0.76, 0.85], Gen.Double[0.0005, 0.005], Gen.Double[0.005, 0.3], Gen.Double[5.0, 12.0], Gen.Double[0.0, 1.0]);
        cases.Array[200].Sample(
            all =>
            {
                foreach (var (p, dp, gamma, logN, ptFraction) in all)
                {
                    long n = (long)Math.Pow(10, logN);
                    double pt = 0.7500001 + ptFraction * (Math.Min(p, 0.8535) - 0.7500001);
                    double leak = 0.1 * n;
                    double a = Math.Max(0, OriginalEatBound.Evaluate(n, gamma, p, pt, Eps, leak).KeyLengthReal);
                    double b = Math.Max(0, OriginalEatBound.Evaluate(n, gamma, Math.Min(p + dp, 0.8535), pt, Eps, leak).KeyLengthReal);
                    double c = Math.Max(0, OriginalEatBound.Evaluate(2 * n, gamma, p, pt, Eps, 2 * leak).KeyLengthReal);
                    Assert.True(b >= a && c >= a, $"p {p}, gamma {gamma}, n {n}, pt {pt}");
                }
            },
            seed: Seed, iter: 1, threads: 1);
    }
}
