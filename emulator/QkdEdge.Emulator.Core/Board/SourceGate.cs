using QkdEdge.Emulator.Configuration;

namespace QkdEdge.Emulator.Board;

/// <summary>
/// Whether the source is emitting. It switches on by <see cref="SourceStart"/> (by default once every
/// board runs), stays on while any board runs, and switches off when none does, so the next start
/// again waits for every board.
/// </summary>
internal sealed class SourceGate
{
    private readonly SourceStart _start;

    public SourceGate(SourceStart start) => _start = start;

    public bool IsOn { get; private set; }

    /// <summary>Updates the gate from the number of boards running out of <paramref name="boards"/>.</summary>
    public bool Update(int running, int boards)
    {
        if (running == 0)
            IsOn = false;
        else if (!IsOn)
            IsOn = _start == SourceStart.AnyBoardRunning || running == boards;
        return IsOn;
    }
}
