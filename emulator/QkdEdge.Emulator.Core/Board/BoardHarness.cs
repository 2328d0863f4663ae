using QkdEdge.Emulator.Clock;
using QkdEdge.Emulator.Configuration;
using QkdEdge.Wire.Frames;

namespace QkdEdge.Emulator.Board;

/// <summary>
/// Runs the boards of a run plan in lockstep on virtual time. One <see cref="Cycle"/> first lets every
/// board's firmware step until it waits on its peripherals (commands handled, finished batch collected
/// and sent, next batch loaded), then has the source emit pulses until the first armed batch fills.
/// Nothing depends on the wall clock or on thread timing, so the same plan and the same commands give
/// the same frames byte for byte. Single-threaded: one thread cycles (directly, or through a
/// <see cref="HarnessPump"/>); others only read.
/// </summary>
public sealed class BoardHarness : IDisposable
{
    private readonly PulseSource _source;
    private readonly SourceGate _gate;
    private readonly bool[] _taking;
    private readonly int _maxIdleCycles;

    internal BoardHarness(RunPlan plan, EmulatedBoard[] boards, PulseSource source, VirtualClock clock, int maxIdleCycles)
    {
        Plan = plan;
        Boards = boards;
        _source = source;
        Clock = clock;
        _gate = new SourceGate(plan.Configuration.Source?.StartWhen ?? SourceStart.AllBoardsRunning);
        _taking = new bool[boards.Length];
        _maxIdleCycles = maxIdleCycles;
    }

    public RunPlan Plan { get; }

    /// <summary>The boards, in station order.</summary>
    public IReadOnlyList<EmulatedBoard> Boards { get; }

    public VirtualClock Clock { get; }

    /// <summary>Pulses the source has emitted.</summary>
    public long PulsesEmitted => _source.NextPulse;

    /// <summary>True while the source is on (see <see cref="SourceStart"/>).</summary>
    public bool SourceOn => _gate.IsOn;

    /// <summary>Builds the boards, links and source of <paramref name="plan"/>.</summary>
    public static BoardHarness Create(RunPlan plan, HarnessOptions? options = null) =>
        HarnessAssembly.Build(plan, options ?? new HarnessOptions());

    /// <summary>The board named <paramref name="name"/>.</summary>
    public EmulatedBoard Board(string name) =>
        Boards.FirstOrDefault(b => b.Name == name) ?? throw new ArgumentException($"No board is named '{name}'.", nameof(name));

    /// <summary>One lockstep cycle. Returns the number of pulses emitted (0 while the source is off or no batch is armed).</summary>
    public int Cycle()
    {
        int running = 0, runnable = 0;
        for (int b = 0; b < Boards.Count; b++)
        {
            var board = Boards[b];
            // One step always (commands may be waiting); more while the firmware has batch work to do.
            // Three more cover the longest chain: boot, collect a finished batch, load the next.
            board.Step();
            for (int extra = 0; extra < 3 && board.NeedsStep; extra++)
                board.Step();
            if (board.IsRunning)
                running++;
            if (board.State != RunState.Halted)
                runnable++;
        }

        if (!_gate.Update(running, runnable))
            return 0;
        for (int b = 0; b < Boards.Count; b++)
            _taking[b] = Boards[b].TakesPulses;
        return _source.Emit(_taking);
    }

    /// <summary>
    /// Cycles until <paramref name="done"/> holds. Throws <see cref="TimeoutException"/> when no pulse
    /// has left for <see cref="HarnessOptions.MaxIdleCycles"/> cycles in a row: without a host thread,
    /// nothing would ever change.
    /// </summary>
    public void RunUntil(Func<BoardHarness, bool> done)
    {
        ArgumentNullException.ThrowIfNull(done);
        int idle = 0;
        while (!done(this))
        {
            if (Cycle() > 0)
            {
                idle = 0;
                continue;
            }

            if (++idle >= _maxIdleCycles)
                throw new TimeoutException($"The emulation stalled: {_maxIdleCycles} cycles without a pulse. {Describe()}");
        }
    }

    /// <summary>
    /// Runs until every board has completed at least <paramref name="rounds"/> rounds (whole batches, so
    /// possibly a few more) or has halted. Boards take no pulses beyond that, so a later run continues
    /// from there once their limits are raised.
    /// </summary>
    public void RunRounds(long rounds)
    {
        ArgumentOutOfRangeException.ThrowIfNegative(rounds);
        foreach (var board in Boards)
            board.RoundLimit = rounds;
        RunUntil(h => h.Boards.All(b => b.RoundsCompleted >= rounds || b.State == RunState.Halted));
    }

    /// <summary>Ends every board's link: in-process hosts read what is left, then reach the end of their streams.</summary>
    public void CompleteLinks()
    {
        foreach (var board in Boards)
            board.Link.Complete();
    }

    /// <summary>A one-line summary of every board, for logs and error messages.</summary>
    public string Describe() =>
        $"pulses {PulsesEmitted}, source {(SourceOn ? "on" : "off")}; " + string.Join("; ", Boards.Select(b =>
            $"{b.Name}: {b.State}, rounds {b.RoundsCompleted}, frames {b.Link.FramesSent}, overruns {b.Firmware.Counters.Overruns}, rng alarms {b.Firmware.Counters.RngAlarms}"));

    public void Dispose()
    {
        foreach (var board in Boards)
            board.Dispose();
    }
}
