using QkdEdge.Emulator.Randomness;

namespace QkdEdge.Emulator.Timing;

/// <summary>
/// Pure timing model of one station: for pulse k, whether the station saw the trigger, the board's time
/// tag for it, and whether a photon of that pulse lands inside the gate. Every answer is a function of
/// (seed, k) alone, so the board harness may ask in any order and a run replays exactly.
/// </summary>
/// <remarks>
/// Source pulse k leaves at k * period. Its trigger reaches the station at t = k * period + j_t, with
/// j_t Gaussian (trigger jitter). The station clock reads offset + t * (1 + drift ppm * 1e-6), and the
/// time tag is that reading in whole ticks. The gate is opened by the (jittered) trigger, the photon
/// arrives at click offset + j_c, so relative to the gate centre it lands at offset + j_c - j_t and
/// is registered when that is within half a gate width: probability
/// Phi((W/2 - offset)/sigma) - Phi((-W/2 - offset)/sigma), sigma^2 = sigma_c^2 + sigma_t^2.
/// A missed trigger means no round: the station's round counter does not advance, so its round indices
/// fall behind the pulse indices (see <see cref="StationRoundCounter"/>); the gap of one pulse period
/// between consecutive time tags is how a host detects it.
/// </remarks>
public sealed class StationTimingModel
{
    private readonly StationTimingOptions _options;
    private readonly double _rate;
    private readonly ulong _missThreshold;
    private readonly ulong _missSeed;
    private readonly ulong _jitterSeed;
    private readonly bool _hasJitter;

    public StationTimingModel(double pulsePeriodSeconds, StationTimingOptions options, ulong seed)
    {
        ArgumentNullException.ThrowIfNull(options);
        if (!(pulsePeriodSeconds > 0) || double.IsInfinity(pulsePeriodSeconds))
            throw new ArgumentOutOfRangeException(nameof(pulsePeriodSeconds), pulsePeriodSeconds, "The pulse period must be positive.");
        if (!(options.TickFrequencyHz > 0) || double.IsInfinity(options.TickFrequencyHz))
            throw new ArgumentOutOfRangeException(nameof(options), "The tick frequency must be positive.");
        if (!(options.TriggerJitterRmsSeconds >= 0) || !(options.ClickJitterRmsSeconds >= 0) || !(options.GateWidthSeconds >= 0))
            throw new ArgumentOutOfRangeException(nameof(options), "Jitters and the gate width must be non-negative.");
        if (!(options.ClockDriftPpm > -1e6))
            throw new ArgumentOutOfRangeException(nameof(options), "A clock cannot run backwards.");

        PulsePeriodSeconds = pulsePeriodSeconds;
        _options = options;
        _rate = 1 + options.ClockDriftPpm * 1e-6;
        _missThreshold = Probability64.Threshold(options.MissedTriggerProbability);
        _missSeed = SplitMix64.DeriveSeed(seed, 1);
        _jitterSeed = SplitMix64.DeriveSeed(seed, 2);
        _hasJitter = options.TriggerJitterRmsSeconds > 0 || options.ClickJitterRmsSeconds > 0;
    }

    public double PulsePeriodSeconds { get; }

    public StationTimingOptions Options => _options;

    public TriggerObservation Observe(long pulse)
    {
        ArgumentOutOfRangeException.ThrowIfNegative(pulse);
        bool seen = SplitMix64.At(_missSeed, (ulong)pulse) >= _missThreshold;

        double triggerJitter = 0, clickJitter = 0;
        if (_hasJitter)
        {
            (double z1, double z2) = StandardNormalPair(pulse);
            triggerJitter = z1 * _options.TriggerJitterRmsSeconds;
            clickJitter = z2 * _options.ClickJitterRmsSeconds;
        }

        double arrival = pulse * PulsePeriodSeconds + triggerJitter;
        double local = _options.ClockOffsetSeconds + arrival * _rate;
        long tag = (long)Math.Floor(local * _options.TickFrequencyHz);
        double relative = _options.ClickOffsetSeconds + clickJitter - triggerJitter;
        bool inGate = seen && Math.Abs(relative) <= _options.GateWidthSeconds / 2;
        return new TriggerObservation(pulse, seen, local, tag, inGate);
    }

    /// <summary>
    /// Two independent standard normals for <paramref name="pulse"/>, from a SplitMix64 stream seeded by
    /// element <paramref name="pulse"/> of the jitter stream (so the pair depends on the pulse alone).
    /// </summary>
    private (double, double) StandardNormalPair(long pulse)
    {
        var stream = new SplitMix64(SplitMix64.At(_jitterSeed, (ulong)pulse));
        double first = StandardNormal.Sample(ref stream);
        return (first, StandardNormal.Sample(ref stream));
    }
}
