using System.Globalization;
using QkdEdge.Protocol.Engine;
using QkdEdge.Station.Status;

namespace QkdEdge.Station.Pipeline;

/// <summary>
/// Shows the engine's phase as the block's processing stage ("protocol: error correction, round trip 2"), so that an
/// operator watching a long block sees where it is and since when, and keeps each phase's duration for the block's
/// log line. The engine reports on its own thread, in order.
/// </summary>
internal sealed class ProtocolStatus(StatusTracker status, long blockId, TimeProvider time) : IProgress<PhaseProgress>
{
    public const string Prefix = "protocol";

    private readonly List<(BlockPhase Phase, long Started, int RoundTrips)> _phases = [];

    public void Report(PhaseProgress value)
    {
        status.Processing(blockId, $"{Prefix}: {value}");
        lock (_phases)
        {
            if (_phases.Count > 0 && _phases[^1].Phase == value.Phase)
                _phases[^1] = _phases[^1] with { RoundTrips = Math.Max(_phases[^1].RoundTrips, value.RoundTrip) };
            else
                _phases.Add((value.Phase, time.GetTimestamp(), value.RoundTrip));
        }
    }

    /// <summary>
    /// How long each phase took, up to now for the last: "test selection 0.1 s, reveals 0.4 s, Bell test 0.8 s,
    /// error correction 1.5 s (3 round trips), ...". Empty when the engine reported nothing.
    /// </summary>
    public string PhaseTimes()
    {
        long now = time.GetTimestamp();
        lock (_phases)
        {
            return string.Join(", ", _phases.Select((p, i) =>
            {
                var spent = time.GetElapsedTime(p.Started, i + 1 < _phases.Count ? _phases[i + 1].Started : now);
                string name = p.Phase == BlockPhase.ErrorCorrection ? "error correction" : new PhaseProgress(p.Phase).ToString();
                string trips = p.Phase == BlockPhase.ErrorCorrection ? $" ({p.RoundTrips} round trip{(p.RoundTrips == 1 ? "" : "s")})" : "";
                return string.Create(CultureInfo.InvariantCulture, $"{name} {spent.TotalSeconds:0.0} s{trips}");
            }));
        }
    }
}
