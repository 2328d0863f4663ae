using QkdEdge.Emulator.Configuration;

namespace QkdEdge.Emulator.Board;

/// <summary>
/// Whether the source is emitting. It switches on by <see cref="SourceStart"/> (by default once every
/// board that can run is running: a board halted by an RNG alarm cannot, and is not waited for), stays
/// on while any board runs, and switches off when none does, so the next start waits again.
/// </summary>
internal sealed class SourceGate
{
    private readonly SourceStart _start;

    public SourceGate(SourceStart start) => _start = start;

    public bool IsOn { get; private set; }

    /// <summary>Updates the gate from the number of boards running out of the <paramref name="runnable"/> ones (those not halted).</summary>
    public bool Update(int running, int runnable)
    {
        if (running == 0)
            IsOn = false;
        else if (!IsOn)
            IsOn = _start == SourceStart.AnyBoardRunning || running == runnable;
        return IsOn;
    }
}
