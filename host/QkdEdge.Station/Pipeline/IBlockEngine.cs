using QkdEdge.Protocol.Engine;

namespace QkdEdge.Station.Pipeline;

/// <summary>
/// The block protocol from aligned rounds to a committed key or an abort (Bell test, sifting, error
/// correction, verification, finite-key length, privacy amplification, two-phase commit into the store).
/// </summary>
public interface IBlockEngine
{
    /// <param name="progress">Hears each phase of the run as it starts (the station's status shows it).</param>
    Task<BlockOutcome> RunAsync(StationRole role, StationBlock block, IBlockChannel channel, CancellationToken cancellationToken,
        IProgress<PhaseProgress>? progress = null);
}
