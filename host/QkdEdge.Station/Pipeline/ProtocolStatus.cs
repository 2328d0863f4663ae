using QkdEdge.Protocol.Engine;
using QkdEdge.Station.Status;

namespace QkdEdge.Station.Pipeline;

/// <summary>
/// Shows the engine's phase as the block's processing stage ("protocol: error correction, round trip 2"), so that an
/// operator watching a long block sees where it is and since when. The engine reports on its own thread, in order.
/// </summary>
internal sealed class ProtocolStatus(StatusTracker status, long blockId) : IProgress<PhaseProgress>
{
    public const string Prefix = "protocol";

    public void Report(PhaseProgress value) => status.Processing(blockId, $"{Prefix}: {value}");
}
