using QkdEdge.Emulator.Optics;
using QkdEdge.Emulator.Tests.Optics.Statistics;

namespace QkdEdge.Emulator.Tests.Board.Support;

/// <summary>
/// The CHSH value of paired rounds (Alice x, Bob y in {0, 1}; Alice's key setting 2 is skipped), with
/// outputs binned as the protocol does (no-click and double click to 0). Its standard error follows
/// from the per-pair correlator estimates: Var(E_xy) = (1 - E_xy^2) / n_xy, the four estimates
/// independent, so Var(S) is their sum.
/// </summary>
internal static class ChshFromRounds
{
    public static Estimate Compute(byte[] aliceSettings, byte[] aliceClicks, byte[] bobSettings, byte[] bobClicks, int count)
    {
        var binning = ClickBinning.Default;
        var same = new long[4];
        var total = new long[4];
        for (int i = 0; i < count; i++)
        {
            int x = aliceSettings[i], y = bobSettings[i];
            if (x > 1)
                continue;
            int pair = 2 * x + y;
            total[pair]++;
            if (binning.Outcome(aliceClicks[i]) == binning.Outcome(bobClicks[i]))
                same[pair]++;
        }

        double s = 0, variance = 0;
        for (int pair = 0; pair < 4; pair++)
        {
            double e = (2.0 * same[pair] - total[pair]) / total[pair];
            s += pair == 3 ? -e : e;
            variance += (1 - e * e) / total[pair];
        }
        return new Estimate(s, Math.Sqrt(variance));
    }
}
