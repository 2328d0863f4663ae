using QkdEdge.Protocol.Description;
using QkdEdge.Security;
using QkdEdge.Security.FiniteKey;

namespace QkdEdge.Protocol.Engine;

/// <summary>
/// What a block of a given size is expected to yield with the installed devices, and the test fraction
/// and block size to run with: the engine's own accounting (kept rounds, revealed outputs, syndrome at
/// the given reconciliation efficiency, verification tag) fed to the same finite-key analysis the engine
/// applies to each block. This is where block sizes come from; nothing else picks them.
/// </summary>
public static class BlockPlanner
{
    /// <summary>Expected key length of a block of <paramref name="rounds"/> rounds at test fraction gamma (negative: no key).</summary>
    public static double ExpectedKeyLength(ProtocolDescription protocol, EngineSettings settings, long rounds, double gamma, double reconciliationEfficiency)
    {
        ArgumentNullException.ThrowIfNull(protocol);
        ArgumentNullException.ThrowIfNull(settings);
        double pairs = protocol.AliceInputs * protocol.BobInputs;
        double bellPairs = 0;
        for (int x = 0; x < protocol.AliceInputs; x++)
            for (int y = 0; y < protocol.BobInputs; y++)
                if (protocol.BellWin(x, y, 0, 0) is not null)
                    bellPairs++;
        double bellTests = rounds * gamma * bellPairs / pairs;
        double keyTests = rounds * gamma / pairs;
        double rawKey = rounds * (1 - gamma) / pairs;
        var view = EntropyAccumulationView.For(protocol, gamma, (long)bellTests, (long)keyTests, (long)rawKey);
        if (view.KeptRounds <= 0 || bellTests < 1 || keyTests < 1)
            return double.NegativeInfinity;

        var thresholds = AbortThresholds.Derive(settings.ExpectedChsh, settings.ExpectedErrorRate, view.KeptRounds, view.TestFraction,
            settings.Security.Completeness, settings.KeyCompleteness);
        double syndrome = reconciliationEfficiency * rawKey * BinaryEntropy.Of(Math.Max(settings.ExpectedErrorRate, 1e-9));
        double tag = 64.0 * Distillation.Verification.VerificationTagLength.LanesFor((long)rawKey, settings.Security.ErrorCorrection);
        var result = FiniteKeyAnalysis.ComputeKeyLength(new KeyLengthRequest(view.KeptRounds, view.TestFraction,
            thresholds.ThresholdWinProbability, syndrome + tag + view.RevealedAliceBits, settings.Security, settings.Analysis));
        return result.Breakdown?.KeyLengthReal ?? double.NegativeInfinity;
    }

    /// <summary>The test fraction that maximises the expected key length of a block (log-grid search then refinement).</summary>
    public static double BestTestFraction(ProtocolDescription protocol, EngineSettings settings, long rounds, double reconciliationEfficiency)
    {
        double best = double.NegativeInfinity, bestLog = -2;
        for (double log = -4; log <= Math.Log10(0.5); log += 0.05)
        {
            double value = ExpectedKeyLength(protocol, settings, rounds, Math.Pow(10, log), reconciliationEfficiency);
            if (value > best)
                (best, bestLog) = (value, log);
        }
        for (double step = 0.025; step > 1e-4; step /= 2)
            foreach (double candidate in new[] { bestLog - step, bestLog + step })
            {
                if (candidate > Math.Log10(0.5))
                    continue;
                double value = ExpectedKeyLength(protocol, settings, rounds, Math.Pow(10, candidate), reconciliationEfficiency);
                if (value > best)
                    (best, bestLog) = (value, candidate);
            }
        return Math.Pow(10, bestLog);
    }

    /// <summary>
    /// Smallest block (to about 2 %) whose expected key length, at its best test fraction, reaches
    /// <paramref name="minimumKeyBits"/>; null if none up to <paramref name="maxRounds"/>.
    /// </summary>
    public static long? RoundsForKey(ProtocolDescription protocol, EngineSettings settings, double reconciliationEfficiency,
        double minimumKeyBits = 1, long maxRounds = 1L << 34)
    {
        bool Enough(long n) => ExpectedKeyLength(protocol, settings, n, BestTestFraction(protocol, settings, n, reconciliationEfficiency),
            reconciliationEfficiency) >= minimumKeyBits;
        long hi = 10_000;
        while (!Enough(hi))
        {
            hi *= 2;
            if (hi > maxRounds)
                return null;
        }
        long lo = hi / 2;
        while (hi - lo > hi / 50)
        {
            long mid = lo + (hi - lo) / 2;
            if (Enough(mid))
                hi = mid;
            else
                lo = mid;
        }
        return hi;
    }
}
