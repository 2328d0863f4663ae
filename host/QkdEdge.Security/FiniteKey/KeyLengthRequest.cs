namespace QkdEdge.Security.FiniteKey;

/// <summary>
/// What the key-length computation needs from one block. The threshold was fixed before the block ran
/// (see <see cref="AbortThresholds"/>); the leak is the exact number of bits error correction disclosed
/// (syndromes plus verification hash), measured, not estimated.
/// </summary>
/// <param name="Rounds">n: all rounds of the block (test and key).</param>
/// <param name="TestFraction">gamma: probability that a round is a test round.</param>
/// <param name="ThresholdWinProbability">Normalised CHSH win-probability threshold p_thr (abort if wins &lt; p_thr gamma n).</param>
/// <param name="LeakedBits">leak_EC in bits.</param>
/// <param name="Security">The eps parameters.</param>
/// <param name="Analysis">Which bound to use; production code keeps <see cref="EatAnalysis.Best"/>.</param>
/// <param name="ObservedWins">Won test rounds, when known: fewer than the threshold count aborts the block.</param>
public sealed record KeyLengthRequest(
    long Rounds,
    double TestFraction,
    double ThresholdWinProbability,
    double LeakedBits,
    EatSecurityParameters Security,
    EatAnalysis Analysis = EatAnalysis.Best,
    long? ObservedWins = null)
{
    /// <summary>Least number of won test rounds that passes: ceil(p_thr gamma n).</summary>
    public long RequiredWins => (long)Math.Ceiling(ThresholdWinProbability * TestFraction * Rounds - 1e-9);

    /// <summary>Checks the request; on failure the message names the offending value.</summary>
    public bool TryValidate(out string? error)
    {
        if (Rounds <= 0)
        {
            error = FormattableString.Invariant($"rounds = {Rounds} must be positive.");
            return false;
        }

        if (double.IsNaN(TestFraction) || TestFraction <= 0.0 || TestFraction >= 1.0)
        {
            error = FormattableString.Invariant($"test fraction gamma = {TestFraction} must lie strictly between 0 and 1.");
            return false;
        }

        if (double.IsNaN(ThresholdWinProbability) || ThresholdWinProbability < 0.0 || ThresholdWinProbability > 1.0)
        {
            error = FormattableString.Invariant($"threshold win probability = {ThresholdWinProbability} must lie in [0, 1].");
            return false;
        }

        if (double.IsNaN(LeakedBits) || LeakedBits < 0.0 || double.IsInfinity(LeakedBits))
        {
            error = FormattableString.Invariant($"leaked bits = {LeakedBits} must be a finite number >= 0.");
            return false;
        }

        if (ObservedWins is < 0)
        {
            error = FormattableString.Invariant($"observed wins = {ObservedWins} must be >= 0.");
            return false;
        }

        if (Security is null)
        {
            error = "security parameters are missing.";
            return false;
        }

        return Security.TryValidate(out error);
    }
}
