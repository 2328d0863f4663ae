using QkdEdge.Protocol.Description;
using QkdEdge.Protocol.Engine;
using QkdEdge.Protocol.Reconciliation;
using QkdEdge.Security.FiniteKey;
using QkdEdge.Station.Configuration;

namespace QkdEdge.Station.Planning;

/// <summary>
/// Chooses the station's block size and test fraction from the expected device statistics through the
/// engine's own planner (<see cref="BlockPlanner"/>: the engine's accounting of kept rounds, revealed
/// outputs, syndrome and verification tag, fed to the finite-key analysis). The syndrome is planned at the
/// efficiency the reconciliation actually reaches at the expected error rate (<see cref="ReconciliationCalibration"/>),
/// or the configured one if that is larger. The smallest block with a positive expected key is scaled by the
/// configured margin, which buys key per round and room for fluctuations; the test fraction is then the best
/// one for that block.
/// </summary>
public static class StationPlanner
{
    /// <summary>Largest block considered: 2^34 rounds is days of rounds even at 100 kHz.</summary>
    private const long MaxBlockRounds = 1L << 34;

    /// <summary>
    /// Largest block a station can hold and run: it numbers a block's rounds with 32-bit positions (the cut block's
    /// planes and tags, the engine's rounds), and the block assembler keeps 8,192 rounds of room past a block's end.
    /// The largest block run end to end so far had 1,004,416,000 rounds (docs/station.md, "Large blocks").
    /// </summary>
    public static long MaxStationBlockRounds { get; } = Array.MaxLength - 8192;

    /// <param name="options">Expected statistics, security parameters, margin.</param>
    /// <param name="protocol">The protocol the engine runs.</param>
    /// <param name="reconciliation">The scheme the engine reconciles with, measured here at the expected error rate; null plans with the configured efficiency alone.</param>
    public static bool TryPlan(ProtocolOptions options, ProtocolDescription protocol, IKeyReconciliation? reconciliation, out BlockPlan? plan, out string? error)
    {
        ArgumentNullException.ThrowIfNull(options);
        ArgumentNullException.ThrowIfNull(protocol);
        plan = null;
        // The engine's planner reads the statistics and security parameters of these settings, never their test
        // fraction (it searches that itself); the value given here is replaced by the one it finds best.
        var settings = new EngineSettings
        {
            TestFraction = 0.5,
            ExpectedChsh = options.ExpectedChsh,
            ExpectedErrorRate = options.ExpectedErrorRate,
            Security = options.Security,
            KeyCompleteness = options.KeyCompleteness,
            Analysis = options.Analysis,
        };
        if (!settings.TryValidate(out error))
            return false;

        double measured = reconciliation is null ? double.NaN
            : ReconciliationCalibration.Efficiency(ReconciliationCalibration.MeanDisclosedFraction(reconciliation, options.ExpectedErrorRate), options.ExpectedErrorRate);
        double f = double.IsNaN(measured) ? options.ReconciliationEfficiency : Math.Max(options.ReconciliationEfficiency, measured);
        if (BlockPlanner.RoundsForKey(protocol, settings, f, 1, MaxBlockRounds) is not long minimum)
        {
            error = FormattableString.Invariant(
                $"no block of up to {MaxBlockRounds} rounds yields key at S = {options.ExpectedChsh}, Q = {options.ExpectedErrorRate} with soundness {options.Soundness}: the devices are too noisy for a key.");
            return false;
        }

        long blockRounds = (long)Math.Ceiling(minimum * options.BlockMargin);
        if (blockRounds > MaxStationBlockRounds)
        {
            error = FormattableString.Invariant(
                $"blocks of {blockRounds} rounds ({minimum} for any key, times the margin {options.BlockMargin}) exceed the {MaxStationBlockRounds} a station can hold; lower protocol:blockMargin.");
            return false;
        }

        double gamma = BlockPlanner.BestTestFraction(protocol, settings, blockRounds, f);
        double expected = BlockPlanner.ExpectedKeyLength(protocol, settings, blockRounds, gamma, f);
        if (!(expected >= 1))
        {
            error = FormattableString.Invariant($"the analysis expects no key from blocks of {blockRounds} rounds although {minimum} sufficed; raise protocol:blockMargin.");
            return false;
        }

        settings = settings with { TestFraction = gamma };
        var (pBell, pKey) = InputFractions(protocol);
        var view = EntropyAccumulationView.For(protocol, gamma, (long)(blockRounds * gamma * pBell), (long)(blockRounds * gamma * pKey), (long)(blockRounds * (1 - gamma) * pKey));
        var thresholds = AbortThresholds.Derive(options.ExpectedChsh, options.ExpectedErrorRate, view.KeptRounds, view.TestFraction,
            options.Completeness, options.KeyCompleteness);
        plan = new BlockPlan(blockRounds, gamma, minimum, (long)Math.Floor(expected), thresholds, settings, f);
        return true;
    }

    /// <summary>With uniform inputs: probability that a round's input pair is scored by the Bell test, and that it is the key pair.</summary>
    public static (double Bell, double Key) InputFractions(ProtocolDescription protocol)
    {
        ArgumentNullException.ThrowIfNull(protocol);
        int pairs = protocol.AliceInputs * protocol.BobInputs;
        int bell = 0;
        for (int x = 0; x < protocol.AliceInputs; x++)
            for (int y = 0; y < protocol.BobInputs; y++)
                if (protocol.BellWin(x, y, 0, 0) is not null)
                    bell++;
        return ((double)bell / pairs, 1.0 / pairs);
    }
}
