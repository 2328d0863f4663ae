using QkdEdge.Security.FiniteKey;

namespace QkdEdge.Protocol.Engine;

/// <summary>
/// The parameters a link runs with. The expected statistics are those of the honest devices the lab
/// installed (from calibration or the link planner); thresholds and key lengths follow from them and
/// from the security parameters through the security analysis, never from constants of their own.
/// </summary>
public sealed record EngineSettings
{
    /// <summary>gamma: probability that a round is tested (announced by Alice after the block closed).</summary>
    public required double TestFraction { get; init; }

    /// <summary>CHSH value S the honest devices are expected to show.</summary>
    public required double ExpectedChsh { get; init; }

    /// <summary>Error rate Q the honest devices are expected to show on key rounds.</summary>
    public required double ExpectedErrorRate { get; init; }

    /// <summary>Soundness and completeness parameters of the finite-key analysis.</summary>
    public EatSecurityParameters Security { get; init; } = EatSecurityParameters.ForSoundness(1e-6, 1e-2);

    /// <summary>Allowed probability that honest devices fail the key-agreement test.</summary>
    public double KeyCompleteness { get; init; } = 1e-2;

    /// <summary>Which entropy-accumulation bound computes the key length.</summary>
    public EatAnalysis Analysis { get; init; } = EatAnalysis.Best;

    /// <summary>Checks the settings; on failure the message names the bad value.</summary>
    public bool TryValidate(out string? error)
    {
        error = null;
        if (double.IsNaN(TestFraction) || TestFraction <= 0 || TestFraction >= 1)
            error = FormattableString.Invariant($"test fraction {TestFraction} must lie strictly between 0 and 1.");
        else if (double.IsNaN(ExpectedChsh) || ExpectedChsh <= 2 || ExpectedChsh > 2 * Math.Sqrt(2) + 1e-12)
            error = FormattableString.Invariant($"expected CHSH value {ExpectedChsh} must lie in (2, 2*sqrt(2)].");
        else if (double.IsNaN(ExpectedErrorRate) || ExpectedErrorRate < 0 || ExpectedErrorRate >= 0.5)
            error = FormattableString.Invariant($"expected error rate {ExpectedErrorRate} must lie in [0, 0.5).");
        else if (double.IsNaN(KeyCompleteness) || KeyCompleteness <= 0 || KeyCompleteness >= 1)
            error = FormattableString.Invariant($"key completeness {KeyCompleteness} must lie strictly between 0 and 1.");
        else if (Security is null)
            error = "security parameters are missing.";
        else
            return Security.TryValidate(out error);
        return false;
    }
}
