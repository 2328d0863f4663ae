using QkdEdge.Firmware.Hardware;

namespace QkdEdge.Firmware.Tests.Fakes;

/// <summary>
/// A click capture that completes each batch on the first poll after it is armed (or reports what
/// the test scripts), with click patterns from a seeded generator and time tags one period apart
/// starting at the clock's time of arming. Allocation-free after construction.
/// </summary>
internal sealed class ScriptedClickCapture(FakeClock clock, uint periodTicks, int seed) : IClickCapture
{
    private readonly Random _random = new(seed);
    private long _armedAt;
    private int _armedCount;

    /// <summary>Polls to answer with Pending before completing each batch.</summary>
    public int PendingPolls { get; set; }

    /// <summary>When set, the next batch ends in an overrun.</summary>
    public bool OverrunNext { get; set; }

    public byte[] LastClicks { get; } = new byte[4096];

    public long LastFirstRound { get; private set; } = -1;

    public int Arms { get; private set; }

    private int _pendingLeft;

    public void Arm(long firstRound, int roundCount)
    {
        LastFirstRound = firstRound;
        _armedCount = roundCount;
        _armedAt = clock.Ticks;
        _pendingLeft = PendingPolls;
        Arms++;
    }

    public CaptureStatus TryCollect(byte[] clicks, long[] timeTags, int roundCount)
    {
        if (_pendingLeft > 0)
        {
            _pendingLeft--;
            return CaptureStatus.Pending;
        }

        if (OverrunNext)
        {
            OverrunNext = false;
            return CaptureStatus.Overrun;
        }

        for (int i = 0; i < _armedCount; i++)
        {
            clicks[i] = (byte)_random.Next(4);
            LastClicks[i] = clicks[i];
            timeTags[i] = _armedAt + i * (long)periodTicks;
        }

        return CaptureStatus.Complete;
    }
}
