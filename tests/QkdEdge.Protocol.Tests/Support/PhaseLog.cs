using QkdEdge.Protocol.Engine;

namespace QkdEdge.Protocol.Tests.Support;

/// <summary>Records the phases an engine reports, in order (the engine reports on its own thread, synchronously).</summary>
internal sealed class PhaseLog : IProgress<PhaseProgress>
{
    private readonly List<PhaseProgress> _reports = [];

    public IReadOnlyList<PhaseProgress> Reports
    {
        get
        {
            lock (_reports)
                return _reports.ToArray();
        }
    }

    public void Report(PhaseProgress value)
    {
        lock (_reports)
            _reports.Add(value);
    }

    /// <summary>The phases with consecutive repeats (error correction's round trips) merged.</summary>
    public IReadOnlyList<BlockPhase> Phases => Reports.Select(r => r.Phase).Where((p, i) => i == 0 || Reports[i - 1].Phase != p).ToArray();

    public IReadOnlyList<int> RoundTrips => Reports.Where(r => r.Phase == BlockPhase.ErrorCorrection).Select(r => r.RoundTrip).ToArray();
}
