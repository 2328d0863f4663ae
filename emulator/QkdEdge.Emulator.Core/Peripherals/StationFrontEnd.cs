using QkdEdge.Emulator.Clock;
using QkdEdge.Emulator.Randomness;
using QkdEdge.Emulator.Timing;
using QkdEdge.Firmware.Hardware;

namespace QkdEdge.Emulator.Peripherals;

/// <summary>
/// A station's optical front end as the firmware sees it: the settings output (setting lines and
/// gate) and the click capture, both served by the shared source instead of RMT channels. The
/// firmware loads a batch's settings and arms the capture; the source then hands the station pulses
/// (<see cref="TakePulses"/>), the optics model decides the clicks (<see cref="ApplyClicks"/>), and
/// once every round of the batch has met a pulse the capture reports the batch complete. Which
/// pulses a round meets, its time tag and whether its photon falls inside the gate come from the
/// station's <see cref="StationTimingModel"/>: a missed trigger gives no round, so the station's round
/// indices fall behind the pulse indices.
/// </summary>
public sealed class StationFrontEnd : ISettingsOutput, IClickCapture
{
    private readonly StationFrontEndSetup _setup;
    private readonly PackedSettingsReader?[] _readers;
    private readonly byte[] _settings;
    private readonly byte[] _clicks;
    private readonly long[] _timeTags;
    private readonly long[] _pulses;
    private readonly bool[] _inGate;
    private readonly int[] _sliceIndex;
    private readonly ulong _darkThreshold0;
    private readonly ulong _darkThreshold1;
    private Xoshiro256StarStar _darkCounts;
    private StationTimingModel? _timing;
    private long _firstRound;
    private int _count;
    private long _armedFirstRound;
    private int _armedCount;
    private int _filled;
    private int _sliceFirstSlot;
    private bool _loaded;
    private bool _armed;
    private bool _badLoad;

    public StationFrontEnd(StationFrontEndSetup setup)
    {
        ArgumentNullException.ThrowIfNull(setup);
        ArgumentOutOfRangeException.ThrowIfNegativeOrZero(setup.MaxBatchSize);
        ArgumentOutOfRangeException.ThrowIfLessThan(setup.OpticsAlphabet, 1);
        _setup = setup;
        int max = setup.MaxBatchSize;
        _readers = new PackedSettingsReader?[256];
        _settings = new byte[PackedSettingsReader.BufferLength(max)];
        _clicks = new byte[max];
        _timeTags = new long[max];
        _pulses = new long[max];
        _inGate = new bool[max];
        _sliceIndex = new int[max];
        _darkThreshold0 = Probability64.Threshold(setup.DarkCount0);
        _darkThreshold1 = Probability64.Threshold(setup.DarkCount1);
        _darkCounts = new Xoshiro256StarStar(setup.DarkCountSeed);
    }

    public int Station => _setup.Station;

    /// <summary>True while a loaded and armed batch still has rounds that have not met a pulse.</summary>
    public bool WantsPulses => IsPlaying && _filled < _count;

    /// <summary>
    /// Loaded and armed for the same batch, with settings the optics can play: the batch's rounds run.
    /// The firmware arms the capture and loads the settings in either order within one step.
    /// </summary>
    private bool IsPlaying => _armed && _loaded && !_badLoad && _armedFirstRound == _firstRound && _armedCount == _count;

    /// <summary>Rounds of the armed batch still waiting for a pulse.</summary>
    public int RemainingRounds => WantsPulses ? _count - _filled : 0;

    /// <summary>Pulses whose trigger this station missed while it wanted pulses.</summary>
    public long MissedTriggers { get; private set; }

    /// <summary>Batches the front end could not play (alphabet beyond the optics, no configuration, capture armed for another batch, bad packing).</summary>
    public long UnservableBatches { get; private set; }

    /// <summary>Round period and gate width the firmware configured last (0 before the first Configure).</summary>
    public uint RoundPeriodTicks { get; private set; }

    public uint GateWidthTicks { get; private set; }

    void ISettingsOutput.Configure(uint roundPeriodTicks, uint gateWidthTicks)
    {
        RoundPeriodTicks = roundPeriodTicks;
        GateWidthTicks = gateWidthTicks;
        var timing = _setup.Timing;
        double tick = _setup.TickFrequencyHz;
        // The timing model is a pure function of (seed, pulse); rebuilding it for a new gate keeps every
        // other answer unchanged.
        _timing = new StationTimingModel(_setup.PulsePeriodSeconds, new StationTimingOptions
        {
            TickFrequencyHz = tick,
            ClockOffsetSeconds = TickPhase.BootOffsetSeconds(timing, tick),
            ClockDriftPpm = timing.ClockDriftPpm,
            TriggerJitterRmsSeconds = timing.TriggerJitterRmsSeconds,
            MissedTriggerProbability = timing.MissedTriggerProbability,
            ClickOffsetSeconds = timing.ClickOffsetSeconds,
            ClickJitterRmsSeconds = timing.ClickJitterRmsSeconds,
            GateWidthSeconds = gateWidthTicks / tick,
        }, _setup.TimingSeed);
    }

    void ISettingsOutput.Load(long firstRound, byte[] packedSettings, int alphabetSize, int roundCount)
    {
        _loaded = true;
        _firstRound = firstRound;
        _count = roundCount;
        _filled = 0;
        _badLoad = _timing is null
            || roundCount < 1 || roundCount > _setup.MaxBatchSize
            || alphabetSize < 2 || alphabetSize > _setup.OpticsAlphabet
            || !Reader(alphabetSize).TryRead(packedSettings, roundCount, _settings);
    }

    void IClickCapture.Arm(long firstRound, int roundCount)
    {
        _armed = true;
        _armedFirstRound = firstRound;
        _armedCount = roundCount;
        _filled = 0;
    }

    CaptureStatus IClickCapture.TryCollect(byte[] clicks, long[] timeTags, int roundCount)
    {
        // A batch the peripherals cannot play (alphabet beyond the optics, no timing configured,
        // capture and settings set up for different batches) never completes: report it lost.
        if (!IsPlaying || roundCount != _count)
        {
            UnservableBatches++;
            Disarm();
            return CaptureStatus.Overrun;
        }

        if (_filled < _count)
            return CaptureStatus.Pending;

        Array.Copy(_clicks, clicks, _count);
        Array.Copy(_timeTags, timeTags, _count);
        _setup.GroundTruth?.Append(_firstRound, _pulses.AsSpan(0, _count), _settings.AsSpan(0, _count),
            _clicks.AsSpan(0, _count), _timeTags.AsSpan(0, _count));
        Disarm();
        return CaptureStatus.Complete;
    }

    /// <summary>
    /// Offers pulses firstPulse..firstPulse+count-1 to the armed batch (count at most
    /// <see cref="RemainingRounds"/>). Each pulse whose trigger the station sees becomes its next round;
    /// <paramref name="settingsSlice"/>[i] receives the setting that round plays at pulse i (0 where
    /// the station ran no round, which the optics model measures and the station never records).
    /// </summary>
    internal void TakePulses(long firstPulse, int count, byte[] settingsSlice)
    {
        var timing = _timing!;
        _sliceFirstSlot = _filled;
        for (int i = 0; i < count; i++)
        {
            long pulse = firstPulse + i;
            TriggerObservation observation = timing.Observe(pulse);
            if (!observation.TriggerSeen)
            {
                settingsSlice[i] = 0;
                MissedTriggers++;
                continue;
            }

            int slot = _filled++;
            settingsSlice[i] = _settings[slot];
            _timeTags[slot] = observation.TimeTagTicks;
            _pulses[slot] = pulse;
            _inGate[slot] = observation.ClickInsideGate;
            _sliceIndex[slot] = i;
        }
    }

    /// <summary>
    /// Takes the optics model's click patterns for the pulses of the last <see cref="TakePulses"/>. A
    /// photon outside the gate is not registered, though the detectors still dark-count within it;
    /// with the detector-enable line low nothing clicks at all.
    /// </summary>
    internal void ApplyClicks(byte[] clicksSlice)
    {
        bool enabled = _setup.StatusLines?.DetectorsEnabled ?? true;
        for (int slot = _sliceFirstSlot; slot < _filled; slot++)
        {
            byte pattern = clicksSlice[_sliceIndex[slot]];
            if (!enabled)
                pattern = 0;
            else if (!_inGate[slot])
                pattern = DarkCountsOnly();
            _clicks[slot] = pattern;
        }
    }

    private byte DarkCountsOnly()
    {
        int pattern = _darkCounts.NextUInt64() < _darkThreshold0 ? 1 : 0;
        if (_darkCounts.NextUInt64() < _darkThreshold1)
            pattern |= 2;
        return (byte)pattern;
    }

    private void Disarm()
    {
        _armed = false;
        _loaded = false;
        _badLoad = false;
        _filled = 0;
        _count = 0;
    }

    private PackedSettingsReader Reader(int alphabetSize) =>
        _readers[alphabetSize] ??= new PackedSettingsReader(alphabetSize);
}
