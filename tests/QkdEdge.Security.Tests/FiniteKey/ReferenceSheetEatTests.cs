using QkdEdge.Security.FiniteKey;

namespace QkdEdge.Security.Tests.FiniteKey;

/// <summary>The reference sheet's section 3 vectors, reproduced by the named variant that keeps its formulas.</summary>
public class ReferenceSheetEatTests
{
    private static readonly EatSecurityParameters Eps = EatSecurityParameters.ReferenceSheet;

    // Table 3.1: n, S, Q, gamma, p_t | p_thr, ceil(g'/gamma), f_min, v1, H_min, leak_EC, r.
    public static IEnumerable<object[]> Table31 =>
    [
        new object[] { 100_000_000L, 2.771859, 0.0100, 0.10, 0.83, 0.844965, 115, 0.809060, 1949.56, 5.10632e7, 1.39234e7, 0.371398 },
        new object[] { 1_000_000_000L, 2.771859, 0.0100, 0.05, 0.84, 0.845523, 273, 0.836964, 4544.58, 6.42154e8, 1.09157e8, 0.532997 },
        new object[] { 100_000_000L, 2.687006, 0.0250, 0.10, 0.82, 0.834358, 102, 0.674882, 1736.04, 3.97805e7, 2.20866e7, 0.176939 },
        new object[] { 10_000_000_000L, 2.687006, 0.0250, 0.04, 0.83, 0.835496, 288, 0.700270, 4790.95, 6.12013e9, 1.88144e9, 0.423869 },
        new object[] { 10_000_000L, 2.677, 0.0144, 0.20, 0.80, 0.832226, 42, 0.614827, 750.593, 1.66481e6, 2.31125e6, -0.064648 },
        new object[] { 100_000_000L, 2.677, 0.0144, 0.10, 0.82, 0.833108, 102, 0.662211, 1736.04, 3.85134e7, 1.67213e7, 0.217921 },
        new object[] { 1_000_000_000_000L, 2.700, 0.0200, 0.01, 0.835, 0.837348, 1241, 0.725916, 20443.2, 6.95438e11, 1.46475e11, 0.548963 },
    ];

    [Theory]
    [MemberData(nameof(Table31))]
    public void Evaluate_WhenSheetTable31Row_ReproducesEveryColumn(
        long n, double s, double q, double gamma, double pt, double pThr, int ceiling, double fmin, double v1, double hmin, double leak, double rate)
    {
        double threshold = ReferenceSheetEat.ThresholdWinProbability(n, s, gamma, Eps.Completeness);
        double leakEstimate = ErrorCorrectionLeak.Estimate(n, gamma, q, Chsh.WinProbability(s), Eps);
        var b = ReferenceSheetEat.Evaluate(n, gamma, threshold, pt, Eps, leakEstimate);

        Printed.Equal(pThr, 6, threshold);
        Assert.Equal(ceiling, (int)Math.Ceiling(QkdEdge.Security.Asymptotic.ChshEntropyBound.Derivative(pt) / gamma));
        // f_min is printed with 6 decimals; the sheet truncates rather than rounds in row 1 (0.8090605...), so allow one unit.
        Assert.InRange(b.MinTradeoffValue, fmin - 1e-6, fmin + 1e-6);
        Printed.Significant(v1, 6, b.SecondOrderBits / Math.Sqrt(n));
        Printed.Significant(hmin, 6, b.MinEntropyBits);
        Printed.Significant(leak, 6, leakEstimate);
        Assert.InRange(b.KeyLengthReal / n, rate - 1.5e-6, rate + 1.5e-6);
    }

    [Fact]
    public void Evaluate_WhenSheetCommonSettings_LogSevenTermIs347111()
    {
        // Sheet 3.4: with eps_s = 1e-5 the log-7 term 2 log 7 sqrt(1 - 2 log(eps_s/4)) = 34.7111 for every row.
        var b = ReferenceSheetEat.Evaluate(1_000_000, 0.1, 0.84, 0.82, Eps, 0);
        Printed.Equal(34.7111, 4, b.TestOutputSecondOrderBits / 1000.0);
    }

    // Table 3.2: rates optimised over gamma and p_t (within 1 %; our search is finer than the sheet's grid).
    [Theory]
    [InlineData(2.771859, 0.010, 10_000_000L, 0.0776)]
    [InlineData(2.771859, 0.010, 100_000_000L, 0.3751)]
    [InlineData(2.771859, 0.010, 1_000_000_000L, 0.5466)]
    [InlineData(2.771859, 0.010, 10_000_000_000L, 0.6457)]
    [InlineData(2.771859, 0.010, 1_000_000_000_000L, 0.7346)]
    [InlineData(2.687006, 0.025, 100_000_000L, 0.1796)]
    [InlineData(2.687006, 0.025, 1_000_000_000L, 0.3358)]
    [InlineData(2.687006, 0.025, 10_000_000_000L, 0.4242)]
    [InlineData(2.687006, 0.025, 1_000_000_000_000L, 0.5026)]
    [InlineData(2.700, 0.020, 100_000_000L, 0.2208)]
    [InlineData(2.700, 0.020, 1_000_000_000L, 0.3796)]
    [InlineData(2.700, 0.020, 10_000_000_000L, 0.4698)]
    [InlineData(2.700, 0.020, 1_000_000_000_000L, 0.5498)]
    [InlineData(2.677, 0.0144, 100_000_000L, 0.2200)]
    [InlineData(2.677, 0.0144, 1_000_000_000L, 0.3780)]
    [InlineData(2.677, 0.0144, 10_000_000_000L, 0.4674)]
    [InlineData(2.677, 0.0144, 1_000_000_000_000L, 0.5466)]
    [InlineData(2.600, 0.030, 100_000_000L, 0.0510)]
    [InlineData(2.600, 0.030, 1_000_000_000L, 0.1979)]
    [InlineData(2.600, 0.030, 10_000_000_000L, 0.2806)]
    [InlineData(2.600, 0.030, 1_000_000_000_000L, 0.3535)]
    public void Plan_WhenSheetTable32Cell_IsWithinOnePercent(double s, double q, long n, double rate)
    {
        var plan = FiniteKeyPlanner.Plan(new PlanningInputs(s, q, Eps, Analysis: EatAnalysis.ReferenceSheet), n);
        Printed.Relative(rate, 0.01, plan.Result.Breakdown!.KeyLengthReal / n);
    }

    [Theory]
    [InlineData(2.771859, 0.010, 1_000_000L)]
    [InlineData(2.687006, 0.025, 10_000_000L)]
    [InlineData(2.600, 0.030, 10_000_000L)]
    public void Plan_WhenSheetTable32SaysNoKey_YieldsNoKey(double s, double q, long n) =>
        Assert.True(FiniteKeyPlanner.Plan(new PlanningInputs(s, q, Eps, Analysis: EatAnalysis.ReferenceSheet), n).Result.IsAbort);

    // Sheet 3.5 illustrative improved variant (within 1 %).
    [Theory]
    [InlineData(2.771859, 0.010, 1_000_000L, 0.0483)]
    [InlineData(2.771859, 0.010, 10_000_000L, 0.4076)]
    [InlineData(2.771859, 0.010, 100_000_000L, 0.5881)]
    [InlineData(2.771859, 0.010, 10_000_000_000L, 0.7248)]
    [InlineData(2.687006, 0.025, 10_000_000L, 0.2092)]
    [InlineData(2.687006, 0.025, 100_000_000L, 0.3728)]
    [InlineData(2.687006, 0.025, 10_000_000_000L, 0.4947)]
    [InlineData(2.677, 0.0144, 10_000_000L, 0.2516)]
    [InlineData(2.677, 0.0144, 100_000_000L, 0.4162)]
    [InlineData(2.677, 0.0144, 10_000_000_000L, 0.5388)]
    public void Plan_WhenSheetImprovedVariant_IsWithinOnePercent(double s, double q, long n, double rate)
    {
        var plan = FiniteKeyPlanner.Plan(new PlanningInputs(s, q, Eps, Analysis: EatAnalysis.ReferenceSheetImproved), n);
        Printed.Relative(rate, 0.01, plan.Result.Breakdown!.KeyLengthReal / n);
    }
}
