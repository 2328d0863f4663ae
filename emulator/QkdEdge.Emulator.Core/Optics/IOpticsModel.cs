namespace QkdEdge.Emulator.Optics;

/// <summary>
/// The physics between the stations' setting outputs and their click inputs: a source that emits one
/// pulse (pair, GHZ state, ...) per trigger and the detectors that measure it. Honest models compute
/// outcome probabilities from the Born rule; adversarial models implement an attack. The emulator calls
/// <see cref="Measure"/> once per batch, in pulse order, so models with memory see history in order.
/// </summary>
public interface IOpticsModel
{
    /// <summary>Number of stations the source feeds (2 for CHSH, N for conference keys).</summary>
    int Stations { get; }

    /// <summary>
    /// Measures <paramref name="count"/> pulses starting at <paramref name="firstPulse"/>.
    /// <paramref name="settings"/>[s][i] is station s's setting for pulse firstPulse+i;
    /// the model writes station s's <c>ClickPattern</c> bits (bit 0 detector 0, bit 1 detector 1)
    /// to <paramref name="clicks"/>[s][i]. A model that is "local" may use only station s's own setting
    /// (and its own hidden variables) to decide station s's clicks.
    /// </summary>
    void Measure(long firstPulse, byte[][] settings, byte[][] clicks, int count);
}
