using QkdEdge.Emulator.Board;
using QkdEdge.Emulator.Timing;

namespace QkdEdge.Emulator.Peripherals;

/// <summary>What a <see cref="StationFrontEnd"/> is built from.</summary>
/// <param name="Station">The station's position in the optics model.</param>
/// <param name="MaxBatchSize">The board's largest batch (buffers are sized for it).</param>
/// <param name="OpticsAlphabet">Settings the optics model offers this station; a batch with a larger alphabet cannot be played.</param>
/// <param name="TickFrequencyHz">The board's tick clock.</param>
/// <param name="PulsePeriodSeconds">The source's pulse period.</param>
/// <param name="Timing">The station's timing imperfections (tick rate and gate width are taken from the board, not from here).</param>
/// <param name="DarkCount0">Per-gate dark-count probability of detector 0 (clicks that happen while the photon misses the gate).</param>
/// <param name="DarkCount1">Per-gate dark-count probability of detector 1.</param>
/// <param name="TimingSeed">Seed of the station's timing model.</param>
/// <param name="DarkCountSeed">Seed of the dark counts drawn for rounds whose photon misses the gate.</param>
/// <param name="StatusLines">The board's slow GPIO lines (the detector-enable line gates every click), or null.</param>
/// <param name="GroundTruth">Where completed rounds are recorded, or null to record nothing.</param>
public sealed record StationFrontEndSetup(
    int Station,
    int MaxBatchSize,
    int OpticsAlphabet,
    double TickFrequencyHz,
    double PulsePeriodSeconds,
    StationTimingOptions Timing,
    double DarkCount0,
    double DarkCount1,
    ulong TimingSeed,
    ulong DarkCountSeed,
    EmulatedStatusLines? StatusLines,
    StationGroundTruth? GroundTruth);
