using QkdEdge.Emulator.Clock;
using QkdEdge.Emulator.Optics;
using QkdEdge.Emulator.Peripherals;

namespace QkdEdge.Emulator.Board;

/// <summary>
/// The shared pulsed source and its optics: it emits pulses in order, offers each to every station
/// that has a batch armed, and lets the one optics model measure all stations of a pulse together, so
/// a pulse's joint outcome depends on the settings every station played for it. Virtual time moves
/// with the pulses: pulse k leaves at k pulse periods.
/// </summary>
internal sealed class PulseSource
{
    private readonly IOpticsModel _optics;
    private readonly StationFrontEnd[] _stations;
    private readonly VirtualClock _clock;
    private readonly double _periodSeconds;
    private readonly byte[][] _settings;
    private readonly byte[][] _clicks;

    public PulseSource(IOpticsModel optics, StationFrontEnd[] stations, VirtualClock clock, double periodSeconds, int maxSlice)
    {
        ArgumentNullException.ThrowIfNull(optics);
        ArgumentNullException.ThrowIfNull(stations);
        ArgumentNullException.ThrowIfNull(clock);
        if (optics.Stations != stations.Length)
            throw new ArgumentException($"The optics model feeds {optics.Stations} stations but {stations.Length} boards are attached.");
        _optics = optics;
        _stations = stations;
        _clock = clock;
        _periodSeconds = periodSeconds;
        _settings = new byte[stations.Length][];
        _clicks = new byte[stations.Length][];
        for (int s = 0; s < stations.Length; s++)
        {
            _settings[s] = new byte[maxSlice];
            _clicks[s] = new byte[maxSlice];
        }
    }

    /// <summary>Index of the next pulse.</summary>
    public long NextPulse { get; private set; }

    /// <summary>
    /// Emits the next slice of pulses to the stations marked in <paramref name="taking"/>: as many as
    /// the emptiest of their batches can still take, so no batch overflows and every station is back in
    /// its firmware's hands the moment its batch fills. Returns the number of pulses emitted (0 if no
    /// station takes any).
    /// </summary>
    public int Emit(ReadOnlySpan<bool> taking)
    {
        int slice = int.MaxValue;
        for (int s = 0; s < _stations.Length; s++)
        {
            if (taking[s])
                slice = Math.Min(slice, _stations[s].RemainingRounds);
        }

        if (slice == int.MaxValue || slice == 0)
            return 0;

        long first = NextPulse;
        for (int s = 0; s < _stations.Length; s++)
        {
            if (taking[s])
                _stations[s].TakePulses(first, slice, _settings[s]);
            else
                Array.Clear(_settings[s], 0, slice); // a station without a batch plays setting 0; its clicks go nowhere
        }

        _optics.Measure(first, _settings, _clicks, slice);

        for (int s = 0; s < _stations.Length; s++)
        {
            if (taking[s])
                _stations[s].ApplyClicks(_clicks[s]);
        }

        NextPulse = first + slice;
        _clock.AdvanceTo((NextPulse - 1) * _periodSeconds);
        return slice;
    }
}
